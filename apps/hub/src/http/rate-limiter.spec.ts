import { FixedWindowLimiter } from './rate-limiter';

describe('FixedWindowLimiter', () => {
  it('allows max requests per key and window, then says how long to wait', () => {
    const l = new FixedWindowLimiter({ max: 2, windowSeconds: 10 });
    const t = 1_000_000_003_000; // 3 s into a 10-s window
    expect(l.hit('a', t)).toEqual({ allowed: true });
    expect(l.hit('a', t)).toEqual({ allowed: true });
    expect(l.hit('a', t)).toEqual({ allowed: false, retryAfterSeconds: 7 });
    expect(l.hit('b', t)).toEqual({ allowed: true });
    expect(l.hit('a', t + 7_000)).toEqual({ allowed: true });
  });

  it('bounds its memory: keys beyond the cap share one overflow count', () => {
    const l = new FixedWindowLimiter({ max: 1, windowSeconds: 10 }, 3);
    const t = 1_000_000_000_000;
    for (const k of ['a', 'b', 'c']) expect(l.hit(k, t).allowed).toBe(true);
    const overflow = Array.from({ length: 12 }, (_, i) => l.hit(`spoofed-${i}`, t).allowed);
    expect(overflow.filter(Boolean)).toHaveLength(10);
  });
});
