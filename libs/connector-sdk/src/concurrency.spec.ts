import { mapConcurrently } from './concurrency';

describe('mapConcurrently', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const run = mapConcurrently([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise<void>((r) => releases.push(r));
      inFlight--;
      return n * 10;
    });
    while (releases.length > 0 || inFlight > 0) {
      await new Promise((r) => setImmediate(r));
      releases.pop()?.(); // finish the latest first: results must still come back in input order
    }
    expect(await run).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('rejects with the first failure after the calls in flight settle, and starts no more', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapConcurrently([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await new Promise((r) => setImmediate(r));
      settled++;
      if (n === 1) throw new Error('one failed');
      return n;
    });
    await expect(run).rejects.toThrow('one failed');
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });

  it('handles an empty list', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });
});
