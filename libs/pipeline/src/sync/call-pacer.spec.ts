import { CallPacer } from './call-pacer';

describe('CallPacer', () => {
  it('admits max calls per window and the next ones as the window slides, in order', async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new CallPacer({ max: 2, durationMs: 1000 }, () => clock, async (ms) => {
      waits.push(ms);
      clock += ms;
    });
    const started: [number, number][] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => pacer.take().then(() => started.push([i, clock]))));
    expect(started).toEqual([
      [0, 0],
      [1, 0],
      [2, 1000],
      [3, 1000],
      [4, 2000],
    ]);
    expect(waits).toEqual([1000, 1000]);
  });

  it('does not wait while the window has room', async () => {
    let clock = 0;
    const pacer = new CallPacer({ max: 3, durationMs: 1000 }, () => clock, () => Promise.reject(new Error('must not sleep')));
    await pacer.take();
    clock = 400;
    await pacer.take();
    clock = 1300;
    await pacer.take();
    await pacer.take();
  });
});
