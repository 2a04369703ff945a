import { Injectable } from '@nestjs/common';
import type { GateRefusal, GateRequest, VendorTraffic } from '../../common/traffic-gate';

export const K3_VENDOR = 'kingdee-k3';

/** K/3 Cloud's share of the traffic gate: records each call under `kingdee-k3`, named by its service method. */
@Injectable()
export class KingdeeK3GateService implements VendorTraffic {
  readonly vendor = K3_VENDOR;

  route(_method: string, path: string): { api?: string; kind: string } | undefined {
    const m = /^\/K3Cloud\/Kingdee\.BOS\.WebApi\.ServicesStub\.(AuthService|DynamicFormService)\.(\w+)\.common\.kdsvc$/.exec(path);
    if (!m) return path.startsWith('/K3Cloud/') ? { kind: 'other' } : undefined;
    return { api: m[2], kind: m[1] === 'AuthService' ? 'auth' : 'form' };
  }

  admit(_request: GateRequest): GateRefusal | undefined {
    return undefined;
  }

  /** HTTP 200 with `IsSuccess:false`, `LoginResultType` ≠ 1 or a `[[{Result…}]]` query answer is a refusal. */
  outcome(status: number, response: unknown): 'ok' | 'error' {
    if (status >= 400) return 'error';
    const inner = Array.isArray(response) && Array.isArray(response[0]) ? response[0][0] : response;
    const r = inner as { Result?: { ResponseStatus?: { IsSuccess?: boolean } }; LoginResultType?: number } | undefined;
    if (r && typeof r === 'object' && !Array.isArray(r)) {
      if (r.Result?.ResponseStatus && r.Result.ResponseStatus.IsSuccess === false) return 'error';
      if (r.LoginResultType !== undefined && r.LoginResultType !== 1) return 'error';
    }
    return 'ok';
  }
}
