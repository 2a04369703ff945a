import { BaseHttpConnector, ConnectorError, TokenCache, type CachedToken, type Connection, type HttpOptions } from '@hub/connector-sdk';
import { loginSession, queryRows, saveOutcome, type K3Answer, type K3SaveOutcome, type LostSessionRule } from './k3-errors';
import { resolveSettings, type K3Settings } from './k3-settings';
import { loginSign, signedHeaders } from './k3-sign';

export const AUTH_SERVICE = 'Kingdee.BOS.WebApi.ServicesStub.AuthService';
export const FORM_SERVICE = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService';
/** The session cookie and header name [K1]. */
export const SESSION_HEADER = 'kdservice-sessionid';

export interface K3Query {
  FormId: string;
  FieldKeys: string;
  FilterString?: string;
  OrderString?: string;
  StartRow?: number;
  Limit?: number;
}

function sessionFromCookies(headers: Record<string, unknown>): string | undefined {
  const raw = headers['set-cookie'];
  for (const c of Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []) {
    const m = new RegExp(`(?:^|;\\s*)${SESSION_HEADER}=([^;]+)`).exec(String(c));
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Transport of K/3 Cloud WebAPI for one connector instance: a session per connection from LoginBySign or
 * LoginByAppSecret, cached in the SDK TokenCache and sent as the `kdservice-sessionid` header and cookie; a lost
 * session (AUTH_EXPIRED) logs in again once and repeats the call, which is safe because a call refused for its
 * session was not applied. Holds no tenant state.
 */
export class K3ApiClient extends BaseHttpConnector {
  constructor(
    options: Partial<HttpOptions> = {},
    tokens: TokenCache = new TokenCache(60_000),
    private readonly now: () => number = Date.now,
  ) {
    super(options, tokens);
  }

  lostRule(settings: K3Settings): LostSessionRule {
    return { msgCodes: settings.lostSessionMsgCodes, pattern: new RegExp(settings.lostSessionPattern, 'i') };
  }

  protected async fetchToken(conn: Connection): Promise<CachedToken> {
    const settings = resolveSettings(conn);
    const { acctId, user, appId, appSecret } = conn.credentials;
    if (!acctId || !user || !appId || !appSecret) throw new ConnectorError('PERMANENT', `connection ${conn.id} lacks acctId/user/appId/appSecret`);
    const parameters =
      settings.loginMode === 'appSecret'
        ? ['LoginByAppSecret', [acctId, user, appId, appSecret, settings.lcid]]
        : (() => {
            const ts = String(Math.floor(this.now() / 1000));
            return ['LoginBySign', [acctId, user, appId, ts, loginSign(acctId, user, appId, appSecret, ts, settings.signAlgorithm), settings.lcid]];
          })();
    const url = `${settings.serverUrl}/${AUTH_SERVICE}.${parameters[0] as string}.common.kdsvc`;
    const answer = await this.send({ method: 'POST', url, data: { parameters: parameters[1] }, headers: { 'content-type': 'application/json' } });
    const login = loginSession(answer, settings.loginSuccessTypes, this.lostRule(settings), conn.id);
    const value = sessionFromCookies(answer.headers) ?? login.sessionId;
    if (!value) throw new ConnectorError('TEMPORARY', `K/3 login of connection ${conn.id} succeeded without a ${SESSION_HEADER} cookie or KDSVCSessionId`);
    return { value, expiresAt: this.now() + settings.sessionReuseMinutes * 60_000 };
  }

  /** Signed-header mode: no session, every call signed on its own (K3.md "Stateless signed headers"). */
  private signed(conn: Connection, settings: K3Settings, url: string): Record<string, string> {
    const { acctId, user, appId, appSecret, gwSecret, orgNum } = conn.credentials;
    if (!acctId || !user || !appId || !appSecret || !gwSecret) throw new ConnectorError('PERMANENT', `connection ${conn.id}: loginMode signedHeaders needs acctId/user/appId/appSecret/gwSecret`);
    const clientId = conn.credentials.clientId || appId.split('_')[0];
    return signedHeaders({ path: new URL(url).pathname, appId, appSecret, gwSecret, acctId, user, lcid: settings.lcid, orgNum: orgNum ?? '', clientId, now: this.now() });
  }

  private async post(conn: Connection, op: string, parameters: unknown[]): Promise<K3Answer> {
    const settings = resolveSettings(conn);
    const url = `${settings.serverUrl}/${FORM_SERVICE}.${op}.common.kdsvc`;
    if (settings.loginMode === 'signedHeaders') {
      const answer = await this.send({ method: 'POST', url, data: { parameters }, headers: { 'content-type': 'application/json', ...this.signed(conn, settings, url) } });
      if (answer.status === 401) {
        const message = String((answer.data as { Message?: unknown } | undefined)?.Message ?? '');
        throw new ConnectorError('PERMANENT', `K/3 refused the signed headers of connection ${conn.id}: ${message}`, { httpStatus: 401 });
      }
      return answer;
    }
    return this.withToken(conn, async (session) => {
      const answer = await this.send({ method: 'POST', url, data: { parameters }, headers: { 'content-type': 'application/json', [SESSION_HEADER]: session, cookie: `${SESSION_HEADER}=${session}` } });
      // Checked inside withToken so a lost session throws AUTH_EXPIRED here and is renewed once.
      if (op === 'ExecuteBillQuery') queryRows(answer, op, this.lostRule(settings));
      else saveOutcome(answer, op, this.lostRule(settings));
      return answer;
    });
  }

  /** One page of ExecuteBillQuery, as records keyed by field key. */
  async query(conn: Connection, q: K3Query): Promise<Record<string, unknown>[]> {
    const settings = resolveSettings(conn);
    const rows = queryRows(await this.post(conn, 'ExecuteBillQuery', [q]), `ExecuteBillQuery ${q.FormId}`, this.lostRule(settings));
    const keys = q.FieldKeys.split(',').map((k) => k.trim());
    return rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i]])));
  }

  /** Every page of a query (StartRow += Limit until a short page). */
  async queryAll(conn: Connection, q: Omit<K3Query, 'StartRow' | 'Limit'>): Promise<Record<string, unknown>[]> {
    const limit = resolveSettings(conn).pageSize;
    const all: Record<string, unknown>[] = [];
    for (let start = 0; ; start += limit) {
      const page = await this.query(conn, { ...q, StartRow: start, Limit: limit });
      all.push(...page);
      if (page.length < limit) return all;
    }
  }

  /** Save (one model) or BatchSave (several) [K1]. */
  async save(conn: Connection, formId: string, models: Record<string, unknown>[]): Promise<K3SaveOutcome> {
    const op = models.length === 1 ? 'Save' : 'BatchSave';
    const data = { Model: models.length === 1 ? models[0] : models, IsDeleteEntry: 'true', NeedUpDateFields: [], IsVerifyBaseDataField: 'false' };
    return saveOutcome(await this.post(conn, op, [formId, data]), `${op} ${formId}`, this.lostRule(resolveSettings(conn)));
  }

  /** Submit or Audit the bills of these numbers: per-number successes and errors (DIndex = position in `numbers`). */
  async changeStatus(conn: Connection, formId: string, numbers: string[], op: 'Submit' | 'Audit'): Promise<K3SaveOutcome> {
    return saveOutcome(await this.post(conn, op, [formId, { Numbers: numbers }]), `${op} ${formId}`, this.lostRule(resolveSettings(conn)));
  }
}
