import { BaseHttpConnector, ConnectorError, TokenCache, type CachedToken, type Connection, type HttpOptions } from '@hub/connector-sdk';
import { record, text } from '../shared';
import { answerBody, failureError, u8Failure, type U8Answer } from './u8-errors';
import { resolveU8Settings, type U8ResourceMapping, type U8Settings } from './u8-settings';

/** Token lifetime when the answer gives none: "平台 Token 生效期为 2 小时" (official C# SDK). */
export const DEFAULT_TOKEN_TTL_SECONDS = 7200;

/** What an add answered: final (applied or already there), or accepted and to be followed at `url`. */
export type U8Submitted =
  | { state: 'final'; outcome: 'applied' | 'duplicate'; id?: string; tradeid?: string; errmsg?: string }
  | { state: 'accepted'; url: string; pingAfterSeconds?: number; tradeid?: string };

/** The known end of an add. */
export interface U8AddResult {
  outcome: 'applied' | 'duplicate';
  id?: string;
  tradeid?: string;
  errmsg?: string;
  /** Result polls it took (0 for a synchronous answer). */
  polls: number;
}

type Params = Record<string, string | number | undefined>;

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * HTTP client of the U8 open platform (`api.yonyouup.com`) [Y6]. Holds no tenant state: every call takes the
 * connection; tokens are cached per tenant/connection by the SDK TokenCache and refreshed once on a token errcode.
 */
export class U8ApiClient extends BaseHttpConnector {
  constructor(
    options: Partial<HttpOptions> = {},
    tokens: TokenCache = new TokenCache(),
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    super(options, tokens);
  }

  /** `GET /system/token?from_account&app_key&app_secret` → `{errcode:"0", token:{id, appKey, expiresIn}}`. */
  protected async fetchToken(conn: Connection): Promise<CachedToken> {
    const { appKey, appSecret, fromAccount } = conn.credentials;
    if (!appKey || !appSecret || !fromAccount) throw new ConnectorError('PERMANENT', `connection ${conn.id} lacks appKey/appSecret/fromAccount`);
    const settings = resolveU8Settings(conn);
    const answer = await this.send({ method: 'GET', url: `${settings.baseUrl}/system/token`, params: { from_account: fromAccount, app_key: appKey, app_secret: appSecret } });
    const failure = u8Failure(answer, 'U8 system/token', settings.errcodes);
    if (failure) {
      if (failure.kind === 'RATE_LIMITED' || failure.kind === 'TEMPORARY') throw failureError(failure);
      throw new ConnectorError('PERMANENT', `U8 refused the app credentials: ${failure.message}`, { vendorCode: failure.errcode, httpStatus: failure.httpStatus });
    }
    const body = answerBody(answer) ?? {};
    const token = record(body.token) ?? {};
    const value = text(token.id);
    if (!value) throw new ConnectorError('TEMPORARY', 'U8 system/token answered without token.id', { httpStatus: answer.status });
    const seconds = Number(token.expiresIn ?? body.expiresIn);
    return { value, expiresAt: this.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TOKEN_TTL_SECONDS) * 1000 };
  }

  /** The parameters every business call carries [Y6 person/add doc]. */
  private callerParams(conn: Connection, settings: U8Settings, token: string): Params {
    return {
      from_account: conn.credentials.fromAccount,
      to_account: conn.credentials.toAccount,
      app_key: conn.credentials.appKey,
      token,
      ds_sequence: settings.dsSequence,
    };
  }

  /** `GET /api/<resource>/get?id=<code>`: the record with this archive code, or undefined. */
  async findRecord(conn: Connection, mapping: U8ResourceMapping, code: string): Promise<Record<string, unknown> | undefined> {
    const settings = resolveU8Settings(conn);
    const what = `U8 ${mapping.resource}/get`;
    return this.withToken(conn, async (token) => {
      const answer: U8Answer = await this.send({ method: 'GET', url: `${settings.baseUrl}/api/${mapping.resource}/get`, params: { ...this.callerParams(conn, settings, token), id: code } });
      const failure = u8Failure(answer, what, settings.errcodes);
      if (failure?.kind === 'not_found') return undefined;
      if (failure) throw failureError(failure);
      const found = record(answerBody(answer)?.[mapping.bodyKey]);
      return found && Object.keys(found).length ? found : undefined;
    });
  }

  /** `GET /system/tradeid?from_account&app_key&token` → `trade.id`; a fresh one for every add. */
  private async tradeid(conn: Connection, settings: U8Settings, token: string): Promise<string> {
    const params: Params = { from_account: conn.credentials.fromAccount, app_key: conn.credentials.appKey, token };
    const answer: U8Answer = await this.send({ method: 'GET', url: `${settings.baseUrl}/system/tradeid`, params });
    const failure = u8Failure(answer, 'U8 system/tradeid', settings.errcodes);
    if (failure) throw failureError(failure);
    const id = text(record(answerBody(answer)?.trade)?.id);
    if (!id) throw new ConnectorError('TEMPORARY', 'U8 system/tradeid answered without trade.id', { httpStatus: answer.status });
    return id;
  }

  /**
   * `POST /api/<resource>/add?…&tradeid|biz_id&sync=0|1` with `{ <bodyKey>: fields }`. A token refused on the way
   * (tradeid or add) fetches a new token and a new tradeid once: a refused call applied nothing.
   */
  async add(conn: Connection, mapping: U8ResourceMapping, fields: Record<string, string>, code: string): Promise<U8Submitted> {
    const settings = resolveU8Settings(conn);
    const what = `U8 ${mapping.resource}/add`;
    return this.withToken(conn, async (token) => {
      const trade = settings.writeKey === 'bizId' ? { biz_id: code } : { tradeid: await this.tradeid(conn, settings, token) };
      const params = { ...this.callerParams(conn, settings, token), ...trade, sync: settings.writeMode === 'sync' ? 1 : 0 };
      const answer: U8Answer = await this.send({ method: 'POST', url: `${settings.baseUrl}/api/${mapping.resource}/add`, params, data: { [mapping.bodyKey]: fields } });
      const failure = u8Failure(answer, what, settings.errcodes);
      if (failure?.kind === 'duplicate') return { state: 'final', outcome: 'duplicate', errmsg: failure.message };
      if (failure) throw failureError(failure);
      return readSubmitted(answerBody(answer) ?? {});
    });
  }

  /**
   * Follows an accepted add at its result `url` until the answer no longer carries `url` (official C# SDK: sleep
   * `ping_after` s, GET url, at most 20 times), bounded by `resultPoll`. Still pending at the end → TEMPORARY and
   * ambiguous: U8 may still write it, and the next attempt's check by code keeps it from being written twice.
   */
  async followResult(conn: Connection, accepted: Extract<U8Submitted, { state: 'accepted' }>, what: string): Promise<U8AddResult> {
    const settings = resolveU8Settings(conn);
    const { resultPoll } = settings;
    const allowed = [settings.baseUrl, ...settings.resultOrigins].map(originOf);
    if (!allowed.includes(originOf(accepted.url))) {
      throw new ConnectorError('TEMPORARY', `${what}: U8 accepted the add but its result url ${originOf(accepted.url) ?? accepted.url} is not on ${settings.baseUrl}; list it in settings.resultOrigins to follow it`, { ambiguous: true });
    }
    const started = this.now();
    let pingAfter = accepted.pingAfterSeconds;
    let polls = 0;
    while (polls < resultPoll.maxAttempts) {
      const wait = resultPoll.intervalMs ?? Math.min(resultPoll.maxIntervalMs, Math.max(0, (pingAfter ?? 1) * 1000));
      if (this.now() - started + wait > resultPoll.maxWaitMs) break;
      await this.sleep(wait);
      polls += 1;
      const answer = await this.send({ method: 'GET', url: accepted.url }).catch((e: unknown) => {
        throw e instanceof ConnectorError ? new ConnectorError(e.kind, `${what} result: ${e.message}`, { ...e.details, ambiguous: true }) : e;
      });
      const failure = u8Failure(answer, `${what} result`, settings.errcodes);
      if (failure?.kind === 'duplicate') return { outcome: 'duplicate', errmsg: failure.message, tradeid: accepted.tradeid, polls };
      // A final refusal (e.g. INVALID data) means nothing was written; anything transient leaves the add's fate open.
      if (failure) throw failureError(failure, { ambiguous: failure.kind === 'TEMPORARY' || failure.kind === 'RATE_LIMITED' || failure.kind === 'AUTH_EXPIRED' });
      const submitted = readSubmitted(answerBody(answer) ?? {});
      if (submitted.state === 'final') return { outcome: submitted.outcome, id: submitted.id, tradeid: submitted.tradeid ?? accepted.tradeid, polls };
      pingAfter = submitted.pingAfterSeconds ?? pingAfter;
    }
    throw new ConnectorError(
      'TEMPORARY',
      `${what}: U8 accepted the add (tradeid ${accepted.tradeid ?? '-'}) but its result was still pending after ${polls} poll(s) in ${this.now() - started} ms; a retry looks the record up by its code first and does not add it twice`,
      { ambiguous: true, retryAfterMs: resultPoll.maxWaitMs || undefined },
    );
  }
}

/** An add (or result) answer: with `url` it is still being processed; without, it is the result. */
function readSubmitted(body: Record<string, unknown>): U8Submitted {
  const url = text(body.url);
  const tradeid = text(body.tradeid);
  if (url) {
    const pingAfter = Number(body.ping_after);
    return { state: 'accepted', url, tradeid, ...(Number.isFinite(pingAfter) ? { pingAfterSeconds: pingAfter } : {}) };
  }
  return { state: 'final', outcome: 'applied', id: text(body.id), tradeid };
}
