import type { ApprovalParty, ApprovalStep, ExternalIds, SourceMode } from '@hub/schema';

/** An inbound webhook exactly as received; `rawBody` holds the exact bytes for signatures and evidence. */
export interface RawWebhook {
  query: Readonly<Record<string, string | undefined>>;
  headers: Readonly<Record<string, string | undefined>>;
  rawBody: Buffer;
  receivedAt: Date;
}

/** One vendor-side occurrence, before any interpretation. Stored verbatim in the inbox. */
export interface VendorEvent {
  /** Unique within the connection; the inbox dedups on it. */
  externalEventId: string;
  /** Vendor event type, e.g. `ats_job_deliver_change` or `interview.cancelled`. */
  kind: string;
  mode: SourceMode;
  /** The payload as exact text (for encrypted pushes: the decrypted plaintext). */
  payload: string;
}

/** The result of verifying a push: the events it carried and the reply the vendor expects. */
export interface VerifiedWebhook {
  events: VendorEvent[];
  reply: { status: number; contentType: string; body: string };
  /** A URL-verification handshake: nothing to ingest. */
  handshake: boolean;
}

/**
 * A cancellation as the vendor told it, in vendor-neutral fields; `mapping.normalize` turns it into
 * a CancellationEvent using the tenant's mapping (reason values, status values, defaults).
 */
export interface VendorCancellation {
  kind: 'cancellation';
  occurredAt: string;
  interview: {
    externalId: string;
    kind?: string;
    round?: number;
    scheduledStart?: string;
    scheduledEnd?: string;
    position?: { id?: string; title?: string };
    interviewers: { externalId?: string; name?: string }[];
  };
  candidate: { externalId: string; name?: string; phone?: string; email?: string };
  /** The vendor's raw reason value; empty when the vendor gives none. */
  reasonValue: string;
  reasonText?: string;
  initiatedBy?: { type?: string; id?: string; name?: string };
  batchId?: string;
  /**
   * The approval the cancellation went through in the vendor (e.g. Yonyou's 面试取消申请), when it had one:
   * the request, who asked and every decision. Times are the vendor's, as for `occurredAt`.
   */
  approval?: { requestId?: string; requestedBy?: ApprovalParty; requestedAt?: string; steps: ApprovalStep[] };
  /** Extra flat fields the tenant's mapping may refer to by name. */
  fields: Record<string, string>;
}

/** A signal that something changed at the vendor without saying what: poll these subjects now. */
export interface PollHint {
  kind: 'pollHint';
  subjects: string[];
}

export interface IgnoredEvent {
  kind: 'ignored';
  why: string;
}

export type ParsedVendorEvent = VendorCancellation | PollHint | IgnoredEvent;

/**
 * What to poll. `changes`: whatever changed since `cursor` (a push said something changed without saying what);
 * `sweep`: `changes` plus every one of `subjects` (the scheduled full pass over tracked subjects, paced by the
 * connector under the vendor's limits); `subjects`: only `subjects` (a push named them).
 */
export type PollScope = 'changes' | 'sweep' | 'subjects';

export interface PollRequest {
  /** What the last `changes` or `sweep` poll returned; absent on the first. */
  cursor?: string;
  scope: PollScope;
  /** Subjects (e.g. candidate ids): the hinted ones for `subjects`, every tracked one for `sweep`, none for `changes`. */
  subjects: string[];
  now: Date;
}

export interface PollResult {
  events: VendorEvent[];
  /** Stored for the next `changes`/`sweep` poll (opaque to the hub); ignored for `subjects`. */
  cursor?: string;
  /** Subjects the poll discovered that should be tracked from now on. */
  discovered: string[];
  /** Tracked subjects with nothing left to watch (e.g. no interview ahead): the hub stops tracking them. */
  untracked?: string[];
}

export type { ExternalIds };
