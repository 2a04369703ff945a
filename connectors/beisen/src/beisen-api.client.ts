import { BaseHttpConnector, ConnectorError, record, text, TokenCache, type CachedToken, type Connection, type HttpOptions } from '@hub/connector-sdk';
import { BeisenRefusal, dataOf, type BeisenAnswer } from './beisen-envelope';
import { BeisenPacer } from './beisen-pacer';
import { resolveSettings, type BeisenLimit, type BeisenSettings } from './beisen-settings';
import { tokenExpiry } from './beisen-token';

export const RECRUIT_PREFIX = '/RecruitV6/api/v1/';
export const ASYNC_STATUS_PATH = '/OpenPlatform/api/AsyncApiExecInfo/GetByRequestId';
export const REQUEST_ID_HEADER = 'x-paas-request-id';

/** Which of Beisen's documented limits an API falls under (README "Limits"). */
export function limitClassOf(api: string): 'list' | 'transferPhase' | 'write' {
  if (api === 'Apply/TransferPhase') return 'transferPhase';
  return api.includes('/Get') || api.startsWith('Setting/') ? 'list' : 'write';
}

/** What a write's asynchronous result turned out to be (AsyncApiExecInfo). */
export interface AsyncResult {
  requestId: string;
  status: string;
}

/**
 * Transport of Beisen's open API for one connector instance (README "Auth", "Limits", "Async writes"): a bearer token
 * per connection from /OAuth/Token (form post) cached until `expires_in`, fetched once more on a 401; every RecruitV6
 * call paced per tenant × API under the documented limits, a 429 waited out and sent again (a throttled call was not
 * applied) up to `throttleRetries` times; asynchronous writes followed through their X-PAAS-Request-ID until known.
 */
export class BeisenApiClient extends BaseHttpConnector {
  private readonly pacer: BeisenPacer;

  constructor(
    options: Partial<HttpOptions> = {},
    tokens: TokenCache = new TokenCache(60_000),
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    super(options, tokens);
    this.pacer = new BeisenPacer(now, sleep);
  }

  protected async fetchToken(conn: Connection): Promise<CachedToken> {
    const s = resolveSettings(conn);
    const { appId, secret, tenantId } = conn.credentials;
    if (!appId || !secret || !tenantId) throw new ConnectorError('PERMANENT', `connection ${conn.id} lacks appId/secret/tenantId`);
    const form = new URLSearchParams({ grant_type: 'client_credentials', app_id: appId, secret, tenant_id: tenantId });
    const answer = await this.send({ method: 'POST', url: `${s.baseUrl}/OAuth/Token`, data: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const body = record(answer.data) ?? {};
    const token = text(body.access_token);
    if (answer.status !== 200 || !token) {
      const why = text(body.error) ?? text(body.message) ?? `HTTP ${answer.status}`;
      // Refused credentials or tenant never start working by themselves: PERMANENT, the connection needs an admin.
      const kind = answer.status >= 500 || answer.status === 429 ? 'TEMPORARY' : 'PERMANENT';
      throw new ConnectorError(kind, `Beisen /OAuth/Token refused connection ${conn.id}: ${why}`, { httpStatus: answer.status, vendorCode: text(body.error) });
    }
    return { value: token, expiresAt: tokenExpiry(body.expires_in, this.now()) };
  }

  /** Settings of a connection (one place for the client's callers). */
  settings(conn: Connection): BeisenSettings {
    return resolveSettings(conn);
  }

  /** POST a RecruitV6 API: its data, or the error of its refusal. */
  async call(conn: Connection, api: string, body: unknown): Promise<unknown> {
    return dataOf(await this.request(conn, api, 'POST', `${RECRUIT_PREFIX}${api}`, body), api);
  }

  /**
   * POST an asynchronous write and follow it to its result: resolves when Beisen reports it done, throws INVALID when
   * it failed, TEMPORARY (ambiguous: it may still complete) when it is not known within `asyncWaitSeconds`.
   * An answer without a request id was applied synchronously.
   */
  async callAsync(conn: Connection, api: string, body: unknown): Promise<AsyncResult | undefined> {
    const answer = await this.request(conn, api, 'POST', `${RECRUIT_PREFIX}${api}`, body);
    const data = dataOf(answer, api);
    const requestId = text(answer.headers[REQUEST_ID_HEADER]) ?? text(record(data)?.requestId);
    return requestId ? this.follow(conn, api, requestId) : undefined;
  }

  private async follow(conn: Connection, api: string, requestId: string): Promise<AsyncResult> {
    const s = resolveSettings(conn);
    const deadline = this.now() + s.asyncWaitSeconds * 1000;
    // Asked first after a short wait: an asynchronous write is rarely done the moment it is accepted.
    for (let wait = 200; ; wait = Math.min(wait * 2, 2_000)) {
      await this.sleep(wait);
      const info = record(dataOf(await this.request(conn, 'AsyncApiExecInfo/GetByRequestId', 'GET', `${ASYNC_STATUS_PATH}?requestId=${encodeURIComponent(requestId)}`), `${api} request ${requestId}`)) ?? {};
      const status = text(info.status) ?? text(info.Status) ?? '';
      if (s.asyncSuccess.includes(status)) return { requestId, status };
      if (s.asyncFailed.includes(status)) {
        const why = text(info.errorMessage) ?? text(info.message) ?? status;
        throw new BeisenRefusal('INVALID', `${api}: asynchronous request ${requestId} failed: ${why}`, why, { vendorCode: status });
      }
      if (this.now() + Math.min(wait * 2, 2_000) > deadline) {
        throw new ConnectorError('TEMPORARY', `${api}: asynchronous request ${requestId} still ${status || 'unknown'} after ${s.asyncWaitSeconds} s`, { ambiguous: true });
      }
    }
  }

  /** One paced call with the connection's token; a 429 is waited out and sent again, at most `throttleRetries` times. */
  private async request(conn: Connection, api: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<BeisenAnswer> {
    const s = resolveSettings(conn);
    const lane = `${conn.credentials.tenantId ?? conn.id}|${api}`;
    const limit = this.limitOf(s, api);
    for (let attempt = 0; ; attempt++) {
      await this.pacer.take(lane, limit);
      const answer = await this.withToken(conn, async (token) => {
        const res = await this.send({ method, url: `${s.baseUrl}${path}`, ...(body !== undefined ? { data: body } : {}), headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) } });
        if (res.status === 401) dataOf(res, api); // AUTH_EXPIRED inside withToken: one fresh token, one more try
        return res;
      });
      if (answer.status !== 429 || attempt >= s.throttleRetries) return answer;
      const wait = this.backoff(answer, attempt);
      this.pacer.backOff(lane, wait);
    }
  }

  private limitOf(s: BeisenSettings, api: string): BeisenLimit {
    const l = s.limits[limitClassOf(api)];
    return { perSecond: l.perSecond * s.limitShare, perMinute: l.perMinute * s.limitShare };
  }

  /** Retry-After when Beisen gives one, else 1 s doubling (a minute window may need the longer waits). */
  private backoff(answer: BeisenAnswer, attempt: number): number {
    const said = Number(answer.headers['retry-after']);
    return Number.isFinite(said) && said > 0 ? said * 1000 : Math.min(1_000 * 2 ** attempt, 30_000);
  }
}
