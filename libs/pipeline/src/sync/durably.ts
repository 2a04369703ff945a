/** MongoDB driver errors that mean the server is out of reach for now (not a wrong request). */
export function isDatabaseOutage(e: unknown): boolean {
  const name = (e as { name?: string })?.name ?? '';
  return /^Mongo(ose)?(Network|ServerSelection|NotConnected|PoolCleared|Timeout)/.test(name) || /connection .* closed|ECONNREFUSED|ECONNRESET/i.test((e as Error)?.message ?? '');
}

/**
 * Runs a database write that records something that already happened at a vendor, retrying it while the
 * database is out of reach, so that an outage after a successful vendor call never turns into a vendor
 * failure (and a second call). Other errors, and an outage longer than `maxMs`, propagate.
 */
export async function durably<T>(write: () => Promise<T>, maxMs = 10 * 60_000, onRetry?: (e: Error, attempt: number) => void): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (!isDatabaseOutage(e) || Date.now() - started > maxMs) throw e;
      onRetry?.(e as Error, attempt);
      await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
    }
  }
}
