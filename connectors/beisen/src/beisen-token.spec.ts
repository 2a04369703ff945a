import { tokenExpiry } from './beisen-token';

const NOW = Date.UTC(2026, 11, 1, 3, 0, 0);

describe('tokenExpiry (expires_in read by magnitude)', () => {
  it.each([
    ['a lifetime in seconds, as text', '7200', NOW + 7_200_000],
    ['a lifetime in seconds, as a number', 7200, NOW + 7_200_000],
    ['absolute epoch seconds (the Rust SDK reading)', String(NOW / 1000 + 7200), NOW + 7_200_000],
    ['absolute epoch milliseconds', String(NOW + 7_200_000), NOW + 7_200_000],
    ['unreadable text: the fallback', 'soon', NOW + 3_600_000],
    ['an absolute time already past: the fallback', String(NOW / 1000 - 10), NOW + 3_600_000],
    ['missing: the fallback', undefined, NOW + 3_600_000],
  ])('%s', (_what, value, expected) => {
    expect(tokenExpiry(value, NOW)).toBe(expected);
  });
});
