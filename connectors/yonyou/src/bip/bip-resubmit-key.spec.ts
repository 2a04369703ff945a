import { resubmitCheckKey } from './bip-resubmit-key';

describe('resubmitCheckKey', () => {
  it('is the first 32 hex characters of SHA-256(idempotencyKey + effect type)', () => {
    // printf 'idem-1candidateStatus' | sha256sum | cut -c1-32
    expect(resubmitCheckKey('idem-1', 'candidateStatus')).toBe('8a63fa02251679ef423e546fb2064c91');
  });

  it('is the same on every retry of a delivery and differs between effects and deliveries', () => {
    expect(resubmitCheckKey('idem-1', 'archiveInterview')).toBe(resubmitCheckKey('idem-1', 'archiveInterview'));
    expect(resubmitCheckKey('idem-1', 'archiveInterview')).not.toBe(resubmitCheckKey('idem-1', 'tagTalentPool'));
    expect(resubmitCheckKey('idem-2', 'archiveInterview')).not.toBe(resubmitCheckKey('idem-1', 'archiveInterview'));
    expect(resubmitCheckKey('x'.repeat(500), 'candidateStatus')).toHaveLength(32);
  });
});
