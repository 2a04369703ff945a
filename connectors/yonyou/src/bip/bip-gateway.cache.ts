import type { BipBaseUrls } from './bip.types';

/**
 * The looked-up gateway of each connection (tenant/connection key), reused for `ttlMs`. Concurrent lookups of one
 * key share a single vendor call; a failed lookup is not kept, so the next call asks again.
 */
export class BipGatewayCache {
  private readonly entries = new Map<string, { urls: BipBaseUrls; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<BipBaseUrls>>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string, ttlMs: number, lookup: () => Promise<BipBaseUrls>): Promise<BipBaseUrls> {
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.urls;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = lookup().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const urls = await pending;
    this.entries.set(key, { urls, expiresAt: this.now() + ttlMs });
    return urls;
  }
}
