import { Injectable } from '@nestjs/common';
import type { GateRefusal, GateRequest, VendorTraffic } from '../../common/traffic-gate';
import { COSMIC_TOKEN_PATH, COSMIC_VENDOR, classifyCosmicRequest } from './kingdee-cosmic.catalog';
import { KingdeeCosmicStateService } from './kingdee-cosmic-state.service';
import { fail } from './kingdee-cosmic.types';

/**
 * Cosmic's share of the traffic gate: names calls (records under `kingdee-cosmic`) and enforces the getToken limit
 * of 30 calls a minute per client_id [K3]. The refusal's form is not documented: status and errorCode are settings.
 */
@Injectable()
export class KingdeeCosmicGateService implements VendorTraffic {
  readonly vendor = COSMIC_VENDOR;

  constructor(private readonly state: KingdeeCosmicStateService) {}

  route(_method: string, path: string): { api?: string; kind: string } | undefined {
    return classifyCosmicRequest(path);
  }

  admit(request: GateRequest): GateRefusal | undefined {
    if (request.path !== COSMIC_TOKEN_PATH) return undefined;
    const clientId = String((request.body as Record<string, unknown> | undefined)?.client_id ?? '');
    if (this.state.countTokenCall(clientId)) return undefined;
    const { tokenLimitStatus, tokenLimitErrorCode } = this.state.settings;
    return {
      status: tokenLimitStatus,
      contentType: 'application/json',
      body: JSON.stringify(fail(tokenLimitErrorCode, '获取令牌调用频率超限(1分钟30次)')),
      outcome: 'throttled',
    };
  }

  /** HTTP 200 is not success: `errorCode` must be "0" [K3]. */
  outcome(status: number, response: unknown): 'ok' | 'error' {
    const code = (response as { errorCode?: unknown } | undefined)?.errorCode;
    return status >= 400 || (code !== undefined && String(code) !== '0') ? 'error' : 'ok';
  }

  describe(request: GateRequest): Record<string, unknown> | undefined {
    const clientId = (request.body as Record<string, unknown> | undefined)?.client_id;
    if (typeof clientId === 'string') return { clientId };
    const found = this.state.lookup(request.headers.access_token ?? request.headers.accesstoken);
    const data = (request.body as Record<string, unknown> | undefined)?.data;
    // A save's bill count, so a test counts rows per call.
    const rows = classifyCosmicRequest(request.path)?.kind === 'save' ? { rows: Array.isArray(data) ? data.length : 1 } : {};
    return found.state === 'valid' ? { clientId: found.token.app.clientId, identity: request.headers['x-acgw-identity'], ...rows } : { token: found.state, ...rows };
  }
}
