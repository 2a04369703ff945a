import { ConnectorError, type ConnectorErrorKind } from '@hub/connector-sdk';
import { backoffDelayMs } from '@hub/queue';

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export type FailureDecision =
  | { action: 'retry'; delayMs: number; kind: ConnectorErrorKind; message: string }
  | { action: 'dead'; kind: ConnectorErrorKind; message: string };

/**
 * The one place that decides what a failed delivery attempt means. RATE_LIMITED waits at least
 * what the vendor asked; AUTH_EXPIRED (after the connector's own refresh) and TEMPORARY back off
 * exponentially; NOT_FOUND, INVALID and PERMANENT cannot succeed later and go dead at once.
 * Anything that is not a ConnectorError is a bug or an outage of ours: treated as TEMPORARY.
 */
export function decideFailure(error: unknown, attemptsSoFar: number, policy: RetryPolicy, random: () => number = Math.random): FailureDecision {
  const e = error instanceof ConnectorError ? error : new ConnectorError('TEMPORARY', error instanceof Error ? error.message : String(error));
  const attempt = attemptsSoFar + 1;
  if (!e.retryable) return { action: 'dead', kind: e.kind, message: e.message };
  if (attempt >= policy.maxAttempts) {
    return { action: 'dead', kind: e.kind, message: `${e.message} (gave up after ${attempt} attempts)` };
  }
  let delayMs = backoffDelayMs(attempt, policy.backoffBaseMs, policy.backoffMaxMs, random);
  if (e.kind === 'RATE_LIMITED' && e.details.retryAfterMs !== undefined) delayMs = Math.max(delayMs, e.details.retryAfterMs);
  return { action: 'retry', delayMs, kind: e.kind, message: e.message };
}
