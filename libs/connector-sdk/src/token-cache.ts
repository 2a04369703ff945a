/** A bearer token and the moment it stops working. */
export interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * Caches vendor access tokens per key (tenant/connection) until `refreshMarginMs` before expiry,
 * and collapses concurrent fetches for one key into a single vendor call.
 */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly refreshMarginMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, fetch: () => Promise<CachedToken>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - this.refreshMarginMs > this.now()) return cached.value;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = fetch().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const fresh = await pending;
    this.tokens.set(key, fresh);
    return fresh.value;
  }

  /** Forgets a token the vendor refused, so the next `get` fetches a new one. */
  invalidate(key: string): void {
    this.tokens.delete(key);
  }
}
