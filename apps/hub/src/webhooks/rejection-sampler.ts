/** Refusals of one kind (tenant bucket, connection, reason) within the current minute. */
interface Tally {
  seen: number;
  kept: number;
}

export interface DroppedRejections {
  tenantId: string;
  connectionId: string;
  reason: string;
  /** Refusals answered but not stored in this minute. */
  dropped: number;
}

/** Distinct kinds tallied per minute at most; beyond, further kinds are dropped uncounted by kind (spoofed paths). */
const MAX_KINDS = 10_000;

/**
 * Decides which refused vendor pushes are stored in full: the first `keepPerMinute` of each kind per minute
 * (enough evidence to see what a sender does), the rest only counted and reported once the minute is over.
 * An anonymous flood thus costs the database a bounded number of documents per minute.
 */
export class RejectionSampler {
  private minute = -1;
  private tallies = new Map<string, Tally>();
  private overflow = 0;

  constructor(
    private readonly keepPerMinute: number,
    private readonly report: (dropped: DroppedRejections[], uncountedKinds: number) => void,
  ) {}

  /** Counts one refusal; true when it is to be stored. */
  keep(tenantId: string, connectionId: string, reason: string, nowMs = Date.now()): boolean {
    this.roll(nowMs);
    const key = `${tenantId}\u0000${connectionId}\u0000${reason}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      if (this.tallies.size >= MAX_KINDS) {
        this.overflow++;
        return false;
      }
      this.tallies.set(key, (tally = { seen: 0, kept: 0 }));
    }
    tally.seen++;
    if (tally.kept >= this.keepPerMinute) return false;
    tally.kept++;
    return true;
  }

  /** Reports the minute that ended (if anything was dropped in it) and starts counting the current one. */
  roll(nowMs = Date.now()): void {
    const minute = Math.floor(nowMs / 60_000);
    if (minute === this.minute) return;
    this.flush();
    this.minute = minute;
  }

  /** Reports what was dropped so far and forgets it (also on shutdown). */
  flush(): void {
    const dropped: DroppedRejections[] = [];
    for (const [key, t] of this.tallies) {
      if (t.seen > t.kept) {
        const [tenantId, connectionId, reason] = key.split('\u0000');
        dropped.push({ tenantId, connectionId, reason, dropped: t.seen - t.kept });
      }
    }
    if (dropped.length || this.overflow) this.report(dropped, this.overflow);
    this.tallies = new Map();
    this.overflow = 0;
  }
}
