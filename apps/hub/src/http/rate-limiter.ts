/** A limit: at most `max` requests per `windowSeconds` for one key. */
export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Distinct keys counted per window at most; later keys of a window share one overflow count (spoofed-source floods). */
export const MAX_KEYS_PER_WINDOW = 100_000;
const OVERFLOW_KEY = '\u0000overflow';

/**
 * Fixed-window counters kept in this process's memory: no database or Redis call on the request path, so
 * limiting costs nothing measurable and keeps working while Redis is away. Each hub process counts on its own.
 * Memory is bounded: the counts of a window are dropped when the next one starts, and a window holds at most
 * MAX_KEYS_PER_WINDOW keys.
 */
export class FixedWindowLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    readonly limit: RateLimit,
    private readonly maxKeys = MAX_KEYS_PER_WINDOW,
  ) {}

  /** Counts one request for `key` at `nowMs`. */
  hit(key: string, nowMs: number = Date.now()): RateDecision {
    const windowMs = this.limit.windowSeconds * 1000;
    const start = nowMs - (nowMs % windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts = new Map();
    }
    const counted = this.counts.has(key) || this.counts.size < this.maxKeys ? key : OVERFLOW_KEY;
    const n = (this.counts.get(counted) ?? 0) + 1;
    this.counts.set(counted, n);
    const max = counted === OVERFLOW_KEY ? this.limit.max * 10 : this.limit.max;
    if (n <= max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - nowMs) / 1000)) };
  }
}
