import { ConnectorError } from '@hub/connector-sdk';
import { decideFailure } from './failure-policy';

const policy = { maxAttempts: 3, backoffBaseMs: 1000, backoffMaxMs: 10_000 };
const fixed = () => 1;

describe('decideFailure', () => {
  it('retries TEMPORARY with exponential backoff until the attempt budget is spent', () => {
    const err = new ConnectorError('TEMPORARY', 'HTTP 500');
    expect(decideFailure(err, 0, policy, fixed)).toEqual({ action: 'retry', delayMs: 1000, kind: 'TEMPORARY', message: 'HTTP 500' });
    expect(decideFailure(err, 1, policy, fixed)).toMatchObject({ action: 'retry', delayMs: 2000 });
    expect(decideFailure(err, 2, policy, fixed)).toMatchObject({ action: 'dead', message: 'HTTP 500 (gave up after 3 attempts)' });
  });

  it('waits at least the Retry-After of a rate limit', () => {
    const err = new ConnectorError('RATE_LIMITED', '90002', { retryAfterMs: 300_000 });
    expect(decideFailure(err, 0, policy, fixed)).toMatchObject({ action: 'retry', delayMs: 300_000 });
  });

  it.each(['INVALID', 'PERMANENT', 'NOT_FOUND'] as const)('sends %s straight to dead', (kind) => {
    expect(decideFailure(new ConnectorError(kind, 'no'), 0, policy, fixed)).toMatchObject({ action: 'dead', kind });
  });

  it('treats unexpected errors as temporary', () => {
    expect(decideFailure(new Error('socket hang up'), 0, policy, fixed)).toMatchObject({ action: 'retry', kind: 'TEMPORARY' });
  });
});
