/** Beyond this, `expires_in` is an absolute time rather than a lifetime: 10^9 s is 2001-09-09, 10^12 ms is 2001 too. */
const EPOCH_SECONDS_FROM = 1e9;
const EPOCH_MILLIS_FROM = 1e12;

/**
 * When a token from /OAuth/Token stops working, from its `expires_in` (README "Auth"). Beisen sends it as text; its
 * docs contradict themselves on whether it is a lifetime in seconds or an absolute time, and the Rust SDK reads it as
 * epoch seconds [B1; B2]. Decided by magnitude: below 10^9 a lifetime in seconds (7200), below 10^12 epoch seconds,
 * otherwise epoch milliseconds. Unreadable or already past: `fallbackSeconds` from now, so a bad value costs a token
 * fetch, never a stream of 401s (the client fetches again on a 401 anyway).
 */
export function tokenExpiry(expiresIn: unknown, now: number, fallbackSeconds = 3600): number {
  const n = typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' && expiresIn.trim() ? Number(expiresIn) : NaN;
  let at: number;
  if (!Number.isFinite(n) || n <= 0) at = NaN;
  else if (n < EPOCH_SECONDS_FROM) at = now + n * 1000;
  else if (n < EPOCH_MILLIS_FROM) at = n * 1000;
  else at = n;
  return Number.isFinite(at) && at > now ? at : now + fallbackSeconds * 1000;
}
