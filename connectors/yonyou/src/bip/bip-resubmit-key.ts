import { createHash } from 'node:crypto';
import type { EffectType } from '@hub/connector-sdk';

/** Longest `resubmitCheckKey` YonBIP accepts ("长度不能超过32位", updateCandidate doc [Y4]). */
export const RESUBMIT_CHECK_KEY_LENGTH = 32;

/**
 * The `resubmitCheckKey` of a write: the first 32 hex characters of SHA-256(idempotencyKey + effect type). The
 * delivery's idempotency key is the same on every retry, so a retry carries the same key and YonBIP's MDD
 * idempotency drops it; the effect type keeps the archive and tag writes of one delivery apart.
 */
export function resubmitCheckKey(idempotencyKey: string, effect: EffectType): string {
  return createHash('sha256').update(`${idempotencyKey}${effect}`, 'utf8').digest('hex').slice(0, RESUBMIT_CHECK_KEY_LENGTH);
}
