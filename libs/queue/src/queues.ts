import type { JobOptions } from 'bull';
import type { SourceMode } from '@hub/schema';

/**
 * Every queue, job and retry policy of the hub, in one place. Job ids are deterministic so that
 * enqueueing the same work twice (a retry, the sweeper, a redelivered webhook) adds it once.
 */
export const INGEST_QUEUE = 'ingest';
export const POLL_QUEUE = 'poll';

/** One sync queue per connector, so each vendor gets its own rate limit. */
export function syncQueueName(connectorId: string): string {
  return `sync-${connectorId}`;
}

/** The inbox record as the ingest step needs it; carried in the job so the worker need not read the inbox back. */
export interface IngestRecord {
  tenantId: string;
  connectionId: string;
  externalEventId?: string;
  kind?: string;
  mode: SourceMode;
  payload: string;
  receivedAt: string;
}

export interface IngestJob {
  inboxId: string;
  /** Absent when the sweeper re-adds a job: the worker then reads the record from the inbox. */
  record?: IngestRecord;
}

export interface SyncJob {
  deliveryId: string;
  generation: number;
}

export interface PollJob {
  tenantId: string;
  connectionId: string;
  /** `changes` (a push said something changed), `sweep` (the schedule: changes plus every tracked subject), `subjects` (a push named them). */
  scope: 'changes' | 'sweep' | 'subjects';
  /** The hinted subjects (scope `subjects`); empty otherwise. */
  subjects: string[];
}

export const jobIds = {
  ingest: (inboxId: string) => `ingest:${inboxId}`,
  sync: (deliveryId: string, generation: number) => `sync:${deliveryId}#${generation}`,
  /** Repeatable: Bull keys repeatables as `name:jobId:…` and splits on ':', so this id must not contain one. */
  scheduledPoll: (tenantId: string, connectionId: string) => `poll/${tenantId}/${connectionId}`,
  /** Hints naming subjects poll just those, once per hint. */
  targetedPoll: (tenantId: string, connectionId: string, inboxId: string) => `poll-hint:${tenantId}:${connectionId}:${inboxId}`,
  /** Hints naming nobody (poll what changed) coalesce: one poll per connection per window. */
  coalescedPoll: (tenantId: string, connectionId: string, window: number) => `poll-all:${tenantId}:${connectionId}:${window}`,
};

/** Jobs keep no payload worth keeping once done: MongoDB holds the state; Redis holds only work. */
const housekeeping: JobOptions = { removeOnComplete: 1000, removeOnFail: 5000 };

/** Ingest retries on infrastructure errors only (a bad payload fails once and is kept in the inbox). */
export function ingestJobOptions(inboxId: string, attempts: number): JobOptions {
  return { ...housekeeping, jobId: jobIds.ingest(inboxId), attempts, backoff: { type: 'exponential', delay: 1000 } };
}

/**
 * Sync jobs run once each: the worker's failure policy records the attempt on the delivery and
 * schedules the next generation itself, so retry state lives in MongoDB, not in Redis.
 */
export function syncJobOptions(deliveryId: string, generation: number, delayMs = 0): JobOptions {
  return { ...housekeeping, jobId: jobIds.sync(deliveryId, generation), attempts: 1, delay: Math.max(0, delayMs) };
}

export function pollJobOptions(jobId: string, delayMs = 0): JobOptions {
  return { ...housekeeping, jobId, attempts: 1, delay: delayMs };
}

/** Width of the window in which "poll everything" hints are merged into one poll. */
export const HINT_COALESCE_MS = 1000;

/**
 * The job id and delay of a "poll everything" hint arriving at `now`: every hint of the same
 * window shares one job that runs just after the window closes, so a burst of N callbacks costs
 * one poll, and no hint waits more than one window.
 */
export function coalescedPollSlot(tenantId: string, connectionId: string, now: number): { jobId: string; delayMs: number } {
  const window = Math.floor(now / HINT_COALESCE_MS);
  return { jobId: jobIds.coalescedPoll(tenantId, connectionId, window), delayMs: (window + 1) * HINT_COALESCE_MS - now + 50 };
}

/** Exponential backoff with full jitter, capped: attempt 1 waits ~base, attempt n ~base·2^(n-1). */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
