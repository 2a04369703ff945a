import { Injectable } from '@nestjs/common';
import type { GateRefusal, GateRequest, VendorTraffic } from '../common/traffic-gate';
import { BeisenDuplicateBlock } from './beisen-duplicate-block';
import { DUPLICATE_MESSAGE, isRefusal, recruitEnvelope, refused, THROTTLED_BODY } from './beisen-envelope';
import { BeisenLimits, limitClassOf } from './beisen-limits';
import { ASYNC_APIS, RECRUIT_APIS, RECRUIT_PREFIX } from './beisen-recruit-apis';
import { BeisenStateService } from './beisen-state.service';

export const BEISEN_VENDOR = 'beisen';
export const TOKEN_PATH = '/OAuth/Token';
export const ASYNC_INFO_PATH = '/OpenPlatform/api/AsyncApiExecInfo/GetByRequestId';

const json = (status: number, body: unknown, outcome: string, headers?: Record<string, string>): GateRefusal => ({
  status,
  contentType: 'application/json',
  body: JSON.stringify(body),
  outcome,
  ...(headers ? { headers } : {}),
});

/**
 * Beisen's share of the traffic gate. Runs before any handler: Bearer check (400/401, unknown paths 401 too),
 * rate limits per tenant × API (429, `throttled`) and the duplicate block on writes (code 417, `blocked`);
 * a refused call never reaches its handler, so it is never applied.
 */
@Injectable()
export class BeisenGateService implements VendorTraffic {
  readonly vendor = BEISEN_VENDOR;

  constructor(
    private readonly state: BeisenStateService,
    private readonly limits: BeisenLimits,
    private readonly duplicates: BeisenDuplicateBlock,
  ) {}

  route(_method: string, path: string): { api?: string; kind: string } | undefined {
    if (path === TOKEN_PATH) return { api: 'OAuth/Token', kind: 'auth' };
    if (path === ASYNC_INFO_PATH) return { api: 'AsyncApiExecInfo/GetByRequestId', kind: 'other' };
    if (path.startsWith(RECRUIT_PREFIX)) {
      const api = path.slice(RECRUIT_PREFIX.length);
      if (!RECRUIT_APIS[api]) return { api, kind: 'other' };
      return { api, kind: ASYNC_APIS.has(api) ? 'async' : limitClassOf(api) === 'list' ? 'list' : 'write' };
    }
    if (path.startsWith('/OAuth/') || path.startsWith('/OpenPlatform/') || path.startsWith('/RecruitV6/')) return { kind: 'other' };
    return undefined;
  }

  admit(request: GateRequest): GateRefusal | undefined {
    if (request.path.startsWith('/OAuth/')) return undefined;
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.trim()) return json(400, { message: 'Authorization header is empty' }, 'error');
    const tenant = this.state.tenantOfAuthorization(header);
    if (!tenant) return json(401, { message: 'un-authorized' }, 'error');
    if (request.path === ASYNC_INFO_PATH && request.method === 'GET') return undefined;
    const api = request.path.slice(RECRUIT_PREFIX.length);
    if (!request.path.startsWith(RECRUIT_PREFIX) || !RECRUIT_APIS[api] || request.method !== 'POST') {
      return json(401, { message: 'un-authorized' }, 'error');
    }
    const settings = this.state.settings;
    if (!this.limits.admit(tenant.tenantId, api, settings)) {
      const retryAfter = settings.retryAfterSeconds > 0 ? { 'retry-after': String(settings.retryAfterSeconds) } : undefined;
      return json(429, THROTTLED_BODY, 'throttled', retryAfter);
    }
    if (limitClassOf(api) !== 'list' && this.duplicates.isBlocked(tenant.tenantId, api, request.body, settings.duplicateBlockMs)) {
      return json(200, recruitEnvelope(refused(417, DUPLICATE_MESSAGE), settings.envelope), 'blocked');
    }
    return undefined;
  }

  /** HTTP 200 is not success: the envelope's code (`code`, or `Code` in v2) must be 200. */
  outcome(status: number, response: unknown): 'ok' | 'error' {
    return status >= 400 || isRefusal(response) ? 'error' : 'ok';
  }

  /** The tenant a call works on: the token's, or the one a token request names. */
  describe(request: GateRequest): Record<string, unknown> | undefined {
    if (request.path === TOKEN_PATH) {
      const tenantId = (request.body as Record<string, unknown> | undefined)?.tenant_id;
      return tenantId === undefined ? undefined : { tenantId: String(tenantId) };
    }
    const tenant = this.state.tenantOfAuthorization(request.headers.authorization);
    return tenant ? { tenantId: tenant.tenantId } : undefined;
  }
}
