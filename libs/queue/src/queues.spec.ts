import { backoffDelayMs, coalescedPollSlot, jobIds, syncJobOptions } from './queues';

describe('queue policy', () => {
  it('backs off exponentially within [ceiling/2, ceiling], capped', () => {
    expect(backoffDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelayMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('keeps repeatable job ids free of ":" (Bull splits repeat keys on it and would lose the schedule)', () => {
    expect(jobIds.scheduledPoll('demo', 'dingtalk-main')).not.toContain(':');
  });

  it('gives each delivery generation its own deterministic job id', () => {
    expect(syncJobOptions('c|connection:x|notify', 2).jobId).toBe(jobIds.sync('c|connection:x|notify', 2));
    expect(jobIds.sync('d', 1)).not.toBe(jobIds.sync('d', 2));
  });
});

describe('hint coalescing', () => {
  it('merges hints of one window into one job that runs after the window closes', () => {
    const a = coalescedPollSlot('t', 'c', 10_000);
    const b = coalescedPollSlot('t', 'c', 10_999);
    const c = coalescedPollSlot('t', 'c', 11_000);
    expect(a.jobId).toBe(b.jobId);
    expect(c.jobId).not.toBe(a.jobId);
    expect(10_000 + a.delayMs).toBe(11_050);
    expect(10_999 + b.delayMs).toBe(11_050);
  });
});
