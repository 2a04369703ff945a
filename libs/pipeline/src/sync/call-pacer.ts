import type { RateLimit } from '@hub/connector-sdk';

/**
 * At most `limit.max` starts per `limit.durationMs` (a sliding window) in this process: `take()` resolves when the
 * next call may start. Paces the batch calls of connectors that batch their writes, whose queue jobs no longer
 * stand one for one for vendor calls.
 */
export class CallPacer {
  private readonly starts: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves in the order called, each once the window has room for it. */
  take(): Promise<void> {
    const turn = this.tail.then(() => this.admit());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async admit(): Promise<void> {
    for (;;) {
      const t = this.now();
      while (this.starts.length && this.starts[0] <= t - this.limit.durationMs) this.starts.shift();
      if (this.starts.length < this.limit.max) {
        this.starts.push(t);
        return;
      }
      await this.sleep(this.starts[0] + this.limit.durationMs - t);
    }
  }
}
