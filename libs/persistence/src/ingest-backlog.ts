import { ulidFloor } from '@hub/schema';
import type { InboxOutcomeRepository } from './inbox-outcome.repository';
import type { InboxPendingRepository, PendingIngest } from './inbox-pending.repository';

/**
 * Settled entries are trimmed only once they are this old. An id is made and its entry inserted within
 * milliseconds, but by any hub process, so an entry may appear after a later id has been read: the margin
 * (well above that, and above the clock skew between hub hosts) keeps such an entry from being trimmed unseen.
 */
export const PENDING_TRIM_MARGIN_MS = 60_000;

export interface IngestBacklog {
  /** Accepted records without an outcome yet, in id (arrival) order. */
  unsettled: PendingIngest[];
  /** Every pending entry before this id is settled and old enough to trim; undefined when there is none. */
  trimBefore?: string;
}

/**
 * What ingest still has to do: the pending entries without an outcome. Two reads whatever the backlog:
 * the pending list, and the outcomes from its oldest id on.
 */
export async function ingestBacklog(pending: InboxPendingRepository, outcomes: InboxOutcomeRepository, now = new Date()): Promise<IngestBacklog> {
  const entries = await pending.all();
  if (entries.length === 0) return { unsettled: [] };
  const settled = await outcomes.idsFrom(entries[0]._id);
  const unsettled = entries.filter((e) => !settled.has(e._id));
  const oldEnough = ulidFloor(now.getTime() - PENDING_TRIM_MARGIN_MS);
  const bound = unsettled.length > 0 && unsettled[0]._id < oldEnough ? unsettled[0]._id : oldEnough;
  return { unsettled, ...(entries[0]._id < bound ? { trimBefore: bound } : {}) };
}
