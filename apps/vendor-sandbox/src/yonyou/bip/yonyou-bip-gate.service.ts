import { Injectable } from '@nestjs/common';
import type { GateRefusal, GateRequest, VendorTraffic } from '../../common/traffic-gate';
import { BIP_VENDOR, classifyBipRequest } from './yonyou-bip-api.catalog';
import { YonyouBipTokenService } from './yonyou-bip-token.service';

/**
 * YonBIP's share of the traffic gate: names each call so the shared RecordStore keeps it under `yonyou-bip`.
 * No throttling of its own: 429 and the 310032-style throttling codes come from `/_sandbox/faults`.
 */
@Injectable()
export class YonyouBipGateService implements VendorTraffic {
  readonly vendor = BIP_VENDOR;

  constructor(private readonly tokens: YonyouBipTokenService) {}

  route(_method: string, path: string): { api?: string; kind: string } | undefined {
    return classifyBipRequest(path);
  }

  admit(_request: GateRequest): GateRefusal | undefined {
    return undefined;
  }

  /** YonBIP answers refusals with HTTP 200 and a `code` other than "00000" (tokens) or 200 (business calls). */
  outcome(status: number, response: unknown): 'ok' | 'error' {
    const code = (response as { code?: unknown } | undefined)?.code;
    return status >= 400 || (code !== undefined && !['200', '00000'].includes(String(code))) ? 'error' : 'ok';
  }

  describe(request: GateRequest): Record<string, unknown> | undefined {
    const found = this.tokens.lookup(request.query.access_token);
    if (found.state === 'valid') return { tenantId: found.tenant.tenantId, appKey: found.tenant.appKey };
    if (found.state !== 'missing') return { token: found.state };
    const appKey = request.query.appKey;
    return typeof appKey === 'string' ? { appKey } : undefined;
  }
}
