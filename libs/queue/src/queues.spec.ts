import { backoffDelayMs, jobIds, syncJobOptions } from './queues';

describe('queue policy', () => {
  it('backs off exponentially within [ceiling/2, ceiling], capped', () => {
    expect(backoffDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelayMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('gives each delivery generation its own deterministic job id', () => {
    expect(syncJobOptions('c|connection:x|notify', 2).jobId).toBe(jobIds.sync('c|connection:x|notify', 2));
    expect(jobIds.sync('d', 1)).not.toBe(jobIds.sync('d', 2));
  });
});
