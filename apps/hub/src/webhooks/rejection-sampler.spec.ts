import { RejectionSampler, type DroppedRejections } from './rejection-sampler';

describe('RejectionSampler', () => {
  it('keeps the first n of each kind per minute and reports the rest when the minute ends', () => {
    const reports: DroppedRejections[][] = [];
    const s = new RejectionSampler(2, (d) => reports.push(d));
    const t = 60_000 * 1000;
    const kept = Array.from({ length: 5 }, () => s.keep('demo', 'dingtalk-main', 'bad_signature', t));
    expect(kept).toEqual([true, true, false, false, false]);
    expect(s.keep('demo', 'dingtalk-main', 'stale_timestamp', t)).toBe(true);
    expect(reports).toEqual([]);
    expect(s.keep('demo', 'dingtalk-main', 'bad_signature', t + 60_000)).toBe(true);
    expect(reports).toEqual([[{ tenantId: 'demo', connectionId: 'dingtalk-main', reason: 'bad_signature', dropped: 3 }]]);
  });

  it('reports nothing for a minute in which everything was kept', () => {
    const report = jest.fn();
    const s = new RejectionSampler(5, report);
    s.keep('_unknown', 'x', 'unknown_tenant', 0);
    s.flush();
    expect(report).not.toHaveBeenCalled();
  });
});
