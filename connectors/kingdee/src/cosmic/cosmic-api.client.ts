import { randomUUID } from 'node:crypto';
import { BaseHttpConnector, ConnectorError, TokenCache, type CachedToken, type Connection, type HttpOptions } from '@hub/connector-sdk';
import { envelopeData } from './cosmic-errors';
import { formPath, resolveSettings, type CosmicFormRef } from './cosmic-settings';
import { toWallClock } from './cosmic-time';

/** `expires_in` when the answer has none: 2 h, in ms like the field itself [K3]. */
const DEFAULT_EXPIRES_IN_MS = 7_200_000;

export interface CosmicQueryPage {
  rows: Record<string, unknown>[];
  lastPage: boolean;
  totalCount?: number;
}

export interface CosmicSaveRow {
  billIndex?: number;
  billStatus?: boolean;
  errors?: unknown;
  id?: string;
  number?: string;
  type?: string;
}

/**
 * Transport of the Cosmic OpenAPI: the enhanced token (`POST /kapi/oauth2/getToken`, cached in the SDK TokenCache
 * for `expires_in` **milliseconds**, one fetch shared by concurrent calls, so the 30-a-minute token limit holds),
 * re-fetched once on an auth error, and form operations with headers `access_token` and `x-acgw-identity` [K3, K4].
 */
export class CosmicApiClient extends BaseHttpConnector {
  constructor(
    options: Partial<HttpOptions> = {},
    tokens: TokenCache = new TokenCache(60_000),
    private readonly now: () => number = Date.now,
  ) {
    super(options, tokens);
  }

  protected async fetchToken(conn: Connection): Promise<CachedToken> {
    const settings = resolveSettings(conn);
    const { clientId, clientSecret, username, accountId } = conn.credentials;
    if (!clientId || !clientSecret || !username || !accountId) throw new ConnectorError('PERMANENT', `connection ${conn.id} lacks clientId/clientSecret/username/accountId`);
    const now = this.now();
    const body = {
      client_id: clientId,
      client_secret: clientSecret,
      username,
      accountId,
      language: settings.language,
      nonce: randomUUID(),
      timestamp: settings.timestampFormat === 'iso' ? new Date(now).toISOString() : toWallClock(now, settings.timezone),
    };
    const answer = await this.send({ method: 'POST', url: `${settings.baseUrl}/kapi/oauth2/getToken`, data: body, headers: this.headers(conn) });
    let data: Record<string, unknown>;
    try {
      data = (envelopeData(answer, 'getToken', { auth: settings.authErrorCodes, rateLimit: settings.rateLimitCodes }) ?? {}) as Record<string, unknown>;
    } catch (e) {
      // 401 of getToken is "wrong client_id or client_secret", 603 bad parameters: a retry cannot fix either [K3].
      if (e instanceof ConnectorError && (e.kind === 'AUTH_EXPIRED' || e.kind === 'PERMANENT')) {
        throw new ConnectorError('PERMANENT', `Cosmic refused the credentials of connection ${conn.id}: ${e.message}`, e.details);
      }
      throw e;
    }
    const value = typeof data.access_token === 'string' ? data.access_token : '';
    if (!value) throw new ConnectorError('TEMPORARY', 'getToken answered without data.access_token');
    const ms = Number(data.expires_in);
    return { value, expiresAt: now + (Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_EXPIRES_IN_MS) };
  }

  private headers(conn: Connection, token?: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      ...(token ? { [resolveSettings(conn).tokenHeader]: token } : {}),
      ...(conn.credentials.identity ? { 'x-acgw-identity': conn.credentials.identity } : {}),
    };
  }

  /** `POST /kapi/v2/{isv}/{appId}/{formId}/{op}`; the envelope's `data`, or the mapped error. */
  async operate(conn: Connection, ref: CosmicFormRef, op: string, body: unknown): Promise<unknown> {
    const settings = resolveSettings(conn);
    const codes = { auth: settings.authErrorCodes, rateLimit: settings.rateLimitCodes };
    return this.withToken(conn, async (token) => {
      const answer = await this.send({ method: 'POST', url: `${settings.baseUrl}${formPath(ref, op)}`, data: body, headers: this.headers(conn, token) });
      return envelopeData(answer, `${ref.formId}/${op}`, codes);
    });
  }

  /** Every page of a `query` until `lastPage` [K3]; pages of `pageSize` rows (default: the connection's). */
  async queryAll(conn: Connection, ref: CosmicFormRef, filter: Record<string, unknown>, pageSize = resolveSettings(conn).pageSize): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for (let pageNo = 1; pageNo <= 10_000; pageNo += 1) {
      const data = (await this.operate(conn, ref, 'query', { data: filter, pageNo, pageSize })) as Partial<CosmicQueryPage> | null;
      const page = Array.isArray(data?.rows) ? data.rows : [];
      rows.push(...page);
      if (data?.lastPage !== false || page.length === 0) return rows;
    }
    throw new ConnectorError('TEMPORARY', `${ref.formId}/query: more than 10000 pages`);
  }

  /** `save` of several bills: the result rows (each naming its bill by `billIndex`) [K3]. */
  async save(conn: Connection, ref: CosmicFormRef, bills: Record<string, unknown>[]): Promise<CosmicSaveRow[]> {
    const data = (await this.operate(conn, ref, 'save', { data: bills })) as { result?: unknown } | null;
    if (!Array.isArray(data?.result)) throw new ConnectorError('TEMPORARY', `${ref.formId}/save answered without result[]`);
    return data.result as CosmicSaveRow[];
  }
}
