import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import type { Connection } from './connection';
import { ConnectorError } from './connector-errors';
import { isOutboundRefusal, OutboundRefusedError, type OutboundPolicy } from './outbound';
import { TokenCache, type CachedToken } from './token-cache';

export interface HttpOptions {
  /** Per-request timeout; vendors that hang must not hold a worker forever. */
  timeoutMs: number;
}

/**
 * Shared plumbing for HTTP connectors: an axios client with timeouts that never throws on status
 * (connectors read vendor envelopes themselves), a per-connection token cache, one retry after an auth
 * error with a fresh token, and, once the hub hands it over, its outbound policy: vendor base URLs come
 * from tenant config, so they are held to the same rule as subscriber URLs (hub.yaml `outbound`).
 */
export abstract class BaseHttpConnector {
  protected readonly http: AxiosInstance;
  protected readonly tokens: TokenCache;
  private outbound?: OutboundPolicy;

  protected constructor(options: Partial<HttpOptions> = {}, tokens = new TokenCache()) {
    this.http = axios.create({
      timeout: options.timeoutMs ?? 10_000,
      validateStatus: () => true,
      maxContentLength: 10 * 1024 * 1024,
      transitional: { clarifyTimeoutError: true },
    });
    this.tokens = tokens;
  }

  /** Connects only where `policy` permits: its agents check every resolved address at connect time; no proxy from the environment. */
  useOutboundPolicy(policy: OutboundPolicy): void {
    this.outbound = policy;
    this.http.defaults.httpAgent = policy.httpAgent;
    this.http.defaults.httpsAgent = policy.httpsAgent;
    this.http.defaults.proxy = false;
  }

  protected tokenKey(conn: Connection): string {
    return `${conn.tenantId}/${conn.id}`;
  }

  /** Fetches a token from the vendor; implemented per connector. */
  protected abstract fetchToken(conn: Connection): Promise<CachedToken>;

  protected accessToken(conn: Connection): Promise<string> {
    return this.tokens.get(this.tokenKey(conn), () => this.fetchToken(conn));
  }

  /** Runs `call` with a token; on AUTH_EXPIRED drops the token and tries exactly once more. */
  protected async withToken<T>(conn: Connection, call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call(await this.accessToken(conn));
    } catch (e) {
      if (!(e instanceof ConnectorError) || e.kind !== 'AUTH_EXPIRED') throw e;
      this.tokens.invalidate(this.tokenKey(conn));
      return call(await this.accessToken(conn));
    }
  }

  /**
   * Sends a request; network failures and timeouts become TEMPORARY errors. Those after which the request
   * may have been applied (a timeout, a reset connection) are marked `ambiguous`; a refused connection is not.
   */
  protected async send<T = unknown>(config: AxiosRequestConfig): Promise<{ status: number; data: T; headers: Record<string, unknown> }> {
    const method = config.method ?? 'GET';
    try {
      // IP literals never reach the agents' lookup: the URL itself is checked first.
      if (this.outbound && config.url) this.outbound.checkUrlWithoutDns(config.url);
    } catch (e) {
      if (e instanceof OutboundRefusedError) throw refused(method, config.url, e);
      throw e;
    }
    try {
      const res = await this.http.request<T>(config);
      return { status: res.status, data: res.data, headers: res.headers as Record<string, unknown> };
    } catch (e) {
      if (isOutboundRefusal(e)) throw refused(method, config.url, e as Error);
      const err = e as AxiosError;
      const ambiguous = !NOT_SENT_CODES.has(err.code ?? '');
      throw new ConnectorError('TEMPORARY', `${config.method ?? 'GET'} ${config.url} failed: ${err.code ?? ''} ${err.message}`.trim(), { ambiguous });
    }
  }
}

/** A call the outbound policy did not let out: it never will, so PERMANENT (and certainly not sent). */
function refused(method: string, url: string | undefined, e: Error): ConnectorError {
  let where = 'the vendor';
  try {
    where = url ? new URL(url).origin : where;
  } catch {
    /* keep the generic name */
  }
  return new ConnectorError('PERMANENT', `${method} ${where}: address not allowed by the hub's outbound policy (hub.yaml outbound.allow): ${e.message}`, { ambiguous: false });
}

/** Network errors that prove the request never reached the vendor. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_INVALID_URL', 'ERR_BAD_OPTION_VALUE', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || !header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
