import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry, mapConcurrently, type PollResult } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory } from '@hub/config';
import { pollLaneOf, Repositories } from '@hub/persistence';
import { coalescedPollSlot, type PollJob } from '@hub/queue';
import { HubMetrics, PipelineQueues, RedisLocks } from '@hub/runtime';
import { InboxIntake } from '../intake/inbox-intake.service';

/** A poll holds its connection's lock this long between renewals (renewed while it runs). */
const POLL_LOCK_TTL_MS = 60_000;
/** A poll that finds its connection busy runs again this much later. */
const BUSY_RETRY_MS = 1_000;
/** Found events stored at once. */
const STORE_CONCURRENCY = 16;

/**
 * Polls one connection: what changed (a push said so), a sweep over every tracked subject (the
 * schedule), or the subjects a push named. Polls of one connection run in two lanes (the sweep; what pushes
 * ask for), one at a time per lane across all workers (a Redis lock), so each lane's cursor has a single
 * writer and a long sweep never holds up a push. A subject tracked again while a sweep ran is not untracked
 * by it. Every event found goes through the inbox like a pushed one, so dedup and the rest of the pipeline apply.
 */
@Injectable()
export class PollService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(RedisLocks) private readonly locks: RedisLocks,
    @Inject(InboxIntake) private readonly intake: InboxIntake,
    @Inject(JsonLogger) private readonly log: JsonLogger,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
  ) {}

  async process(job: PollJob, jobId: string): Promise<string> {
    const conn = this.tenants.connection(job.tenantId, job.connectionId);
    if (!conn) return `connection ${job.tenantId}/${job.connectionId} is not configured`;
    const connector = this.registry.get(conn.connector);
    if (!connector.poll) return `the ${conn.connector} connector cannot poll`;
    const lane = pollLaneOf(job.scope);
    const lease = await this.locks.acquire(`poll/${job.tenantId}/${job.connectionId}/${lane}`, POLL_LOCK_TTL_MS);
    if (!lease) return this.later(job, jobId);
    try {
      const state = await this.repos.pollState.get(job.tenantId, job.connectionId, lane);
      const subjects = job.scope === 'sweep' ? await this.repos.pollState.tracked(job.tenantId, job.connectionId) : job.subjects;
      const now = new Date();
      let result: PollResult;
      try {
        result = await this.metrics.vendorCall(connector.id, 'poll', () => connector.poll!(conn, { cursor: state.cursor, scope: job.scope, subjects, now }));
      } catch (e) {
        await this.repos.pollState.saveResult(job.tenantId, job.connectionId, lane, { error: (e as Error).message });
        this.log.event('warn', 'poll.failed', { tenantId: job.tenantId, connectionId: job.connectionId, scope: job.scope, error: (e as Error).message });
        throw e;
      }
      // Stored side by side (their inserts share batches); each is keyed by its event id, so order does not matter.
      const stored = await mapConcurrently(result.events, STORE_CONCURRENCY, (ev) =>
        this.intake.accept({
          tenantId: job.tenantId,
          connectionId: job.connectionId,
          connector: conn.connector,
          externalEventId: ev.externalEventId,
          kind: ev.kind,
          mode: 'poll',
          payload: ev.payload,
          receivedAt: now,
        }),
      );
      const fresh = stored.filter((s) => !s.duplicate).length;
      await this.repos.pollState.track(job.tenantId, job.connectionId, result.discovered);
      await this.repos.pollState.untrack(job.tenantId, job.connectionId, result.untracked ?? [], now);
      if (job.scope !== 'subjects') await this.repos.pollState.saveResult(job.tenantId, job.connectionId, lane, { cursor: result.cursor });
      const summary = { tenantId: job.tenantId, connectionId: job.connectionId, scope: job.scope, subjects: subjects.length, events: result.events.length, fresh, discovered: result.discovered.length, untracked: result.untracked?.length ?? 0 };
      this.log.event('info', 'poll.done', summary);
      return `${result.events.length} events, ${fresh} new, ${summary.discovered} discovered, ${summary.untracked} no longer tracked`;
    } finally {
      await lease.release();
    }
  }

  /** Another poll of the connection's lane is running: run this one after it (hints merge into one). */
  private async later(job: PollJob, jobId: string): Promise<string> {
    if (job.scope === 'changes') {
      const slot = coalescedPollSlot(job.tenantId, job.connectionId, Date.now() + BUSY_RETRY_MS);
      await this.queues.poll(job, slot.jobId, slot.delayMs + BUSY_RETRY_MS);
    } else {
      await this.queues.poll(job, `${jobId}+${Math.floor(Date.now() / BUSY_RETRY_MS)}`, BUSY_RETRY_MS);
    }
    return 'another poll in this lane of the connection is running: queued to run after it';
  }
}
