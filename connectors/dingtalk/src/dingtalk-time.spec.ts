import { MAX_QUERY_SPAN_MS, sliceWindow, toOffsetIso } from './dingtalk-time';

const DAY = 86_400_000;

describe('sliceWindow', () => {
  it('keeps a window of at most 30 days whole', () => {
    expect(sliceWindow(0, 30 * DAY)).toEqual([{ beginMs: 0, endMs: 30 * DAY }]);
  });

  it('splits 31 days (1 back + 30 ahead) into non-overlapping slices of ≤30 days covering everything', () => {
    const slices = sliceWindow(0, 31 * DAY);
    expect(slices).toEqual([
      { beginMs: 0, endMs: MAX_QUERY_SPAN_MS },
      { beginMs: MAX_QUERY_SPAN_MS + 1, endMs: 31 * DAY },
    ]);
    for (const s of slices) expect(s.endMs - s.beginMs).toBeLessThanOrEqual(MAX_QUERY_SPAN_MS);
  });

  it('splits a long horizon into several slices', () => {
    const slices = sliceWindow(1_000, 1_000 + 95 * DAY);
    expect(slices).toHaveLength(4);
    expect(slices[0].beginMs).toBe(1_000);
    expect(slices[3].endMs).toBe(1_000 + 95 * DAY);
    for (let i = 1; i < slices.length; i++) expect(slices[i].beginMs).toBe(slices[i - 1].endMs + 1);
  });

  it('returns nothing for an empty or inverted window', () => {
    expect(sliceWindow(10, 5)).toEqual([]);
    expect(sliceWindow(5, 5)).toEqual([{ beginMs: 5, endMs: 5 }]);
  });
});

describe('toOffsetIso', () => {
  it('renders China time by default', () => {
    expect(toOffsetIso(1626858000000)).toBe('2021-07-21T17:00:00.000+08:00');
  });

  it('renders other offsets', () => {
    expect(toOffsetIso(1626858000000, '+00:00')).toBe('2021-07-21T09:00:00.000+00:00');
    expect(toOffsetIso(1626858000000, '-05:30')).toBe('2021-07-21T03:30:00.000-05:30');
  });

  it('rejects malformed offsets', () => {
    expect(() => toOffsetIso(0, 'CST')).toThrow(RangeError);
  });
});
