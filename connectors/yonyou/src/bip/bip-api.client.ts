import { BaseHttpConnector, ConnectorError, TokenCache, type CachedToken, type Connection, type HttpOptions } from '@hub/connector-sdk';
import { baseUrl, text } from '../shared';
import { businessData, openAuthData } from './bip-errors';
import { BipGatewayCache } from './bip-gateway.cache';
import { resolveSettings } from './bip-settings';
import { tokenQuery } from './bip-token-signature';
import type { BipBaseUrls, BipWriteResult } from './bip.types';

/** Token paths of a self-built app: since 2023-07 under `base/v1`, before without (VENDORS.md §2 Auth [Y2]). */
const TOKEN_PATHS = { 'base/v1': '/open-auth/selfAppAuth/base/v1/getAccessToken', legacy: '/open-auth/selfAppAuth/getAccessToken' } as const;
const DEFAULT_TOKEN_SECONDS = 7200;

/**
 * Transport of the YonBIP open platform for one connector instance: the tenant's gateway (looked up and cached, or
 * from settings), the self-built-app token (SDK TokenCache, refreshed once on AUTH_EXPIRED) and the business
 * envelope. Holds no tenant state: every call takes the connection.
 */
export class BipApiClient extends BaseHttpConnector {
  constructor(
    options: Partial<HttpOptions> = {},
    tokens: TokenCache = new TokenCache(),
    private readonly now: () => number = Date.now,
    private readonly gateways: BipGatewayCache = new BipGatewayCache(now),
  ) {
    super(options, tokens);
  }

  /** `gatewayUrl` + `tokenUrl` from settings, else `GET {gatewayLookupUrl}/open-auth/dataCenter/getGatewayAddress?tenantId=` [Y3]. */
  async baseUrls(conn: Connection): Promise<BipBaseUrls> {
    const settings = resolveSettings(conn);
    if (settings.gatewayUrl && settings.tokenUrl) return { gatewayUrl: settings.gatewayUrl, tokenUrl: settings.tokenUrl };
    const tenantId = conn.credentials.tenantId;
    if (!tenantId) throw new ConnectorError('PERMANENT', `connection ${conn.id} has neither a tenantId credential nor gatewayUrl/tokenUrl settings`);
    return this.gateways.get(this.tokenKey(conn), settings.gatewayCacheHours * 3_600_000, async () => {
      const url = `${settings.gatewayLookupUrl}/open-auth/dataCenter/getGatewayAddress?tenantId=${encodeURIComponent(tenantId)}`;
      const data = openAuthData(await this.send({ method: 'GET', url }), `gateway lookup of tenant ${tenantId}`);
      const gatewayUrl = baseUrl(data.gatewayUrl);
      const tokenUrl = baseUrl(data.tokenUrl);
      if (!gatewayUrl || !tokenUrl) throw new ConnectorError('TEMPORARY', `gateway lookup of tenant ${tenantId} answered without gatewayUrl/tokenUrl`);
      return { gatewayUrl, tokenUrl };
    });
  }

  /** `GET {tokenUrl}/open-auth/selfAppAuth/base/v1/getAccessToken?appKey=&timestamp=&signature=` [Y2]. */
  protected async fetchToken(conn: Connection): Promise<CachedToken> {
    const { appKey, appSecret } = conn.credentials;
    if (!appKey || !appSecret) throw new ConnectorError('PERMANENT', `connection ${conn.id} has no appKey/appSecret`);
    const { tokenUrl } = await this.baseUrls(conn);
    const url = `${tokenUrl}${TOKEN_PATHS[resolveSettings(conn).tokenApiVersion]}?${tokenQuery(appKey, this.now(), appSecret)}`;
    let data: Record<string, unknown>;
    try {
      data = openAuthData(await this.send({ method: 'GET', url }), 'access token');
    } catch (e) {
      if (e instanceof ConnectorError && e.kind === 'PERMANENT') {
        throw new ConnectorError('PERMANENT', `YonBIP refused the appKey/appSecret of connection ${conn.id}: ${e.message}`, e.details);
      }
      throw e;
    }
    const value = text(data.access_token);
    if (!value) throw new ConnectorError('TEMPORARY', 'access token answer has no data.access_token');
    const expire = Number(data.expire);
    return { value, expiresAt: this.now() + (Number.isFinite(expire) && expire > 0 ? expire : DEFAULT_TOKEN_SECONDS) * 1000 };
  }

  /**
   * `POST {gatewayUrl}{path}?access_token=<token>` with a JSON body; the token is URL-encoded because new tokens
   * contain `+`, `/` and `=` (VENDORS.md §2 Auth). Answers the envelope's `data`, or throws the mapped error.
   */
  async post(conn: Connection, path: string, body: unknown, what: string): Promise<BipWriteResult> {
    const settings = resolveSettings(conn);
    const { gatewayUrl } = await this.baseUrls(conn);
    const codes = { auth: settings.authErrorCodes, rateLimit: settings.rateLimitCodes, duplicate: settings.duplicateCodes };
    return this.withToken(conn, async (token) => {
      const url = `${gatewayUrl}${path}?access_token=${encodeURIComponent(token)}`;
      const answer = await this.send({ method: 'POST', url, data: body, headers: { 'content-type': 'application/json' } });
      return businessData(answer, what, codes);
    });
  }
}
