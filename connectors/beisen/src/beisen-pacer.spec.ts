import { BeisenPacer, WINDOW_PAD_MS } from './beisen-pacer';

/** A clock that only moves when the pacer sleeps, so the test sees exactly when each call may start. */
function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), at: () => t };
}

describe('BeisenPacer', () => {
  it('starts at most perSecond calls in any second and perMinute in any minute, per lane', async () => {
    const clock = fakeClock();
    const pacer = new BeisenPacer(clock.now, clock.sleep);
    const starts: number[] = [];
    for (let i = 0; i < 60; i++) {
      await pacer.take('t1|Apply/GetApplyListByApplyId', { perSecond: 20, perMinute: 50 });
      starts.push(clock.at());
    }
    for (const s of starts) expect(starts.filter((x) => x > s - 1000 && x <= s).length).toBeLessThanOrEqual(20);
    for (const s of starts) expect(starts.filter((x) => x > s - 60_000 && x <= s).length).toBeLessThanOrEqual(50);
    // The 51st waited for the minute window: it started a minute after the first.
    expect(starts[50] - starts[0]).toBeGreaterThanOrEqual(60_000 + WINDOW_PAD_MS);
    // Another lane (another tenant or API) is not held up.
    const before = clock.at();
    await pacer.take('t2|Apply/GetApplyListByApplyId', { perSecond: 20, perMinute: 50 });
    expect(clock.at()).toBe(before);
  });

  it('delays the next start of a lane after a backOff', async () => {
    const clock = fakeClock();
    const pacer = new BeisenPacer(clock.now, clock.sleep);
    await pacer.take('k', { perSecond: 5, perMinute: 100 });
    pacer.backOff('k', 2_000);
    const before = clock.at();
    await pacer.take('k', { perSecond: 5, perMinute: 100 });
    expect(clock.at() - before).toBe(2_000);
  });
});
