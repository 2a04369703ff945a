import type { BeisenLimit } from './beisen-settings';

interface Lane {
  starts: number[];
  tail: Promise<void>;
}

/**
 * Each window is paced this much longer than Beisen's: calls that started a full window apart can still arrive less
 * than one apart (the first ones were slower on the wire), and a window opened by an arrival would count them together.
 */
export const WINDOW_PAD_MS = 100;
const SECOND_MS = 1000 + WINDOW_PAD_MS;
const MINUTE_MS = 60_000 + WINDOW_PAD_MS;

/**
 * Beisen's limits are per tenant × API, in calls per second and per minute (README "Limits"). This paces one
 * connector instance's calls under both, per lane key (`tenant|api`), as a sliding window: a call starts only when
 * fewer than `perSecond` started in the last second and fewer than `perMinute` in the last minute (each window padded
 * by WINDOW_PAD_MS). Calls of one
 * lane start in the order asked. Per process: several workers share a tenant's limit, so the client still waits out
 * a 429 (`throttleRetries`).
 */
export class BeisenPacer {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  take(key: string, limit: BeisenLimit): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { starts: [], tail: Promise.resolve() };
      this.lanes.set(key, lane);
    }
    const current = lane;
    const turn = current.tail.then(() => this.admit(current, limit));
    current.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Pushes the lane's next start back (Beisen answered 429: its window is fuller than ours knew). */
  backOff(key: string, ms: number): void {
    const lane = this.lanes.get(key);
    if (lane) lane.tail = lane.tail.then(() => this.sleep(ms));
  }

  private async admit(lane: Lane, limit: BeisenLimit): Promise<void> {
    const perSecond = Math.max(1, Math.floor(limit.perSecond));
    const perMinute = Math.max(1, Math.floor(limit.perMinute));
    for (;;) {
      const t = this.now();
      while (lane.starts.length && lane.starts[0] <= t - MINUTE_MS) lane.starts.shift();
      const inLastSecond = lane.starts.length - firstAfter(lane.starts, t - SECOND_MS);
      if (lane.starts.length < perMinute && inLastSecond < perSecond) {
        lane.starts.push(t);
        return;
      }
      const secondFree = inLastSecond >= perSecond ? lane.starts[lane.starts.length - perSecond] + SECOND_MS - t : 0;
      const minuteFree = lane.starts.length >= perMinute ? lane.starts[lane.starts.length - perMinute] + MINUTE_MS - t : 0;
      await this.sleep(Math.max(1, secondFree, minuteFree));
    }
  }
}

/** Index of the first start later than `t` (starts are ascending). */
function firstAfter(starts: number[], t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
