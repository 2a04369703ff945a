import { ConnectorError, settleBatch, type BatchOutcome } from '@hub/connector-sdk';
import { BeisenRefusal } from './beisen-envelope';

/** Every effect's outcome; one Beisen answered nothing about may have been applied (ambiguous). */
export const settledAll = (outcomes: (BatchOutcome | undefined)[], what: string): BatchOutcome[] =>
  settleBatch(outcomes, () => new ConnectorError('TEMPORARY', `${what}: Beisen reported nothing for this item`, { ambiguous: true }));

/** Whether Beisen refused a write because an identical one was accepted within its block window (README "Duplicate block"). */
export function isDuplicateBlock(error: unknown, pattern: string): boolean {
  return error instanceof BeisenRefusal && new RegExp(pattern, 'i').test(error.vendorMessage);
}
