import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig } from 'axios';
import type { Connection } from './connection';
import { ConnectorError } from './connector-errors';
import { TokenCache, type CachedToken } from './token-cache';

export interface HttpOptions {
  /** Per-request timeout; vendors that hang must not hold a worker forever. */
  timeoutMs: number;
}

/**
 * Shared plumbing for HTTP connectors: an axios client with timeouts that never throws on status
 * (connectors read vendor envelopes themselves), a per-connection token cache, and one retry after
 * an auth error with a fresh token.
 */
export abstract class BaseHttpConnector {
  protected readonly http: AxiosInstance;
  protected readonly tokens: TokenCache;

  protected constructor(options: Partial<HttpOptions> = {}, tokens = new TokenCache()) {
    this.http = axios.create({
      timeout: options.timeoutMs ?? 10_000,
      validateStatus: () => true,
      maxContentLength: 10 * 1024 * 1024,
      transitional: { clarifyTimeoutError: true },
    });
    this.tokens = tokens;
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
    try {
      const res = await this.http.request<T>(config);
      return { status: res.status, data: res.data, headers: res.headers as Record<string, unknown> };
    } catch (e) {
      const err = e as AxiosError;
      const ambiguous = !NOT_SENT_CODES.has(err.code ?? '');
      throw new ConnectorError('TEMPORARY', `${config.method ?? 'GET'} ${config.url} failed: ${err.code ?? ''} ${err.message}`.trim(), { ambiguous });
    }
  }
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
