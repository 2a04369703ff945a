import { Injectable } from '@nestjs/common';
import type { GateRefusal, GateRequest, VendorTraffic } from '../common/traffic-gate';
import { classifyDingtalkRequest } from './dingtalk-api.catalog';
import { DingtalkTokenService, V1_TOKEN_HEADER } from './dingtalk-token.service';
import { DingtalkTrafficService } from './dingtalk-traffic.service';

/** DingTalk's share of the traffic gate: which API a path is, and throttling/bans before the handler. */
@Injectable()
export class DingtalkGateService implements VendorTraffic {
  readonly vendor = 'dingtalk';

  constructor(
    private readonly traffic: DingtalkTrafficService,
    private readonly tokens: DingtalkTokenService,
  ) {}

  route(method: string, path: string): { api?: string; kind: string } | undefined {
    const route = classifyDingtalkRequest(method, path);
    return route && { api: route.api?.name, kind: route.kind };
  }

  admit(request: GateRequest): GateRefusal | undefined {
    const route = classifyDingtalkRequest(request.method, request.path);
    if (!route) return undefined;
    return this.traffic.check(route, request.ip, this.appKeyOf(request));
  }

  describe(request: GateRequest): Record<string, unknown> | undefined {
    const appKey = this.appKeyOf(request);
    return appKey ? { appKey } : undefined;
  }

  /** The app behind the call: from its token, or from the body of a token request. */
  private appKeyOf(request: GateRequest): string | undefined {
    const header = request.headers[V1_TOKEN_HEADER];
    const token = (Array.isArray(header) ? header[0] : header) ?? request.query.access_token;
    if (typeof token === 'string') {
      const found = this.tokens.lookup(token);
      return found.state === 'valid' ? found.app.appKey : undefined;
    }
    const body = request.body as Record<string, unknown> | undefined;
    const appKey = body?.appKey ?? body?.clientId ?? request.query.appkey;
    return typeof appKey === 'string' ? appKey : undefined;
  }
}
