import type { BatchOutcome, Receipt } from './effects';

/** The outcome of an effect its vendor refused (or that failed before its call): anything thrown, as an Error. */
export const batchFailed = (error: unknown): BatchOutcome => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) });

/** The outcome of an effect its vendor applied. */
export const batchDone = (receipt: Receipt): BatchOutcome => ({ ok: true, receipt });

/**
 * Every effect's outcome of an `applyBatch` call, in order: an effect the vendor's answer said nothing about (a slot
 * left empty, sparse arrays included) fails with `unanswered()` — typically TEMPORARY and ambiguous, as it may have
 * been applied.
 */
export const settleBatch = (outcomes: (BatchOutcome | undefined)[], unanswered: () => Error): BatchOutcome[] =>
  Array.from(outcomes, (o) => o ?? batchFailed(unanswered()));
