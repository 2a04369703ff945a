import type { Connection } from '@hub/connector-sdk';

/** Waits until one more call is allowed; called before every DingTalk request of a poll. */
export type Pace = () => Promise<void>;

export const NO_PACE: Pace = async () => undefined;

/** DingTalk's documented limits per corp, app and API (see README "Limits"). */
export interface CallLimits {
  perSecond: number;
  perMinute: number;
}

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;

/**
 * The calls a connection may still make to each DingTalk API, as sliding windows of one second and one
 * minute (DingTalk counts 40 calls/s and 1,500/min per API: errcodes 90018 and 90006). A call that would
 * exceed either window waits until the oldest call in it ages out. Kept by this process: with several
 * worker processes polling one corp, give each a share of the limits (settings `pollCallsPerSecond`,
 * `pollCallsPerMinute`).
 */
export class DingTalkCallBudget {
  /** `tenant/connection/api` → times of the calls of the last minute, oldest first. */
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** A pace for the calls of one API: each call of it takes one unit of the budget. */
  pace(conn: Pick<Connection, 'tenantId' | 'id'>, api: string, limits: CallLimits): Pace {
    const key = `${conn.tenantId}/${conn.id}/${api}`;
    return () => this.take(key, limits);
  }

  private async take(key: string, limits: CallLimits): Promise<void> {
    for (;;) {
      const now = this.clock();
      const times = this.recent(key, now);
      const wait = Math.max(waitFor(times, limits.perMinute, MINUTE_MS, now), waitFor(times, limits.perSecond, SECOND_MS, now));
      if (wait <= 0) {
        times.push(now);
        return;
      }
      await this.sleep(wait);
    }
  }

  private recent(key: string, now: number): number[] {
    let times = this.calls.get(key);
    if (!times) this.calls.set(key, (times = []));
    let stale = 0;
    while (stale < times.length && times[stale] <= now - MINUTE_MS) stale++;
    if (stale > 0) times.splice(0, stale);
    return times;
  }
}

/** How long until a call fits a window of `windowMs` holding at most `max` calls (≤ 0: it fits now). */
function waitFor(times: number[], max: number, windowMs: number, now: number): number {
  if (times.length < max) return 0;
  const oldestCounted = times[times.length - max];
  return oldestCounted + windowMs - now;
}
