import { Injectable } from '@nestjs/common';
import type { GateRefusal, GateRequest, VendorTraffic } from '../../common/traffic-gate';
import { YonyouU8AuthService } from './yonyou-u8-auth.service';

export const U8_VENDOR = 'yonyou-u8';

/** Record kinds of U8 calls: the tests count them (e.g. result polls). */
export type U8RecordKind = 'token' | 'tradeid' | 'write' | 'query' | 'result' | 'other';

/** Which U8 API a path is (`api.yonyouup.com`: `/system/*`, `/api/<resource>/<method>`, `/result`); undefined if not U8's. */
export function classifyU8Request(path: string): { api: string; kind: U8RecordKind } | undefined {
  if (path === '/system/token') return { api: 'system/token', kind: 'token' };
  if (path === '/system/tradeid') return { api: 'system/tradeid', kind: 'tradeid' };
  if (path.startsWith('/system/')) return { api: path.slice(1), kind: 'other' };
  if (path === '/result') return { api: 'result', kind: 'result' };
  if (!path.startsWith('/api/')) return undefined;
  const business = /^\/api\/([^/]+)\/([^/]+)$/.exec(path);
  if (!business) return { api: path.slice('/api/'.length), kind: 'other' };
  const [, resource, method] = business;
  const kind: U8RecordKind = method === 'add' ? 'write' : method === 'get' || method === 'batch_get' ? 'query' : 'other';
  return { api: `${resource}/${method}`, kind };
}

/** U8's share of the traffic gate: names each call so the shared RecordStore keeps it; no throttling of its own. */
@Injectable()
export class YonyouU8GateService implements VendorTraffic {
  readonly vendor = U8_VENDOR;

  constructor(private readonly auth: YonyouU8AuthService) {}

  route(_method: string, path: string): { api?: string; kind: string } | undefined {
    return classifyU8Request(path);
  }

  admit(_request: GateRequest): GateRefusal | undefined {
    return undefined;
  }

  /** U8 answers refusals with HTTP 200 and an `errcode` other than "0". */
  outcome(status: number, response: unknown): 'ok' | 'error' {
    const errcode = (response as { errcode?: unknown } | undefined)?.errcode;
    return status >= 400 || (errcode !== undefined && String(errcode) !== '0') ? 'error' : 'ok';
  }

  describe(request: GateRequest): Record<string, unknown> | undefined {
    const appKey = request.query.app_key ?? this.auth.appOfToken(request.query.token);
    return typeof appKey === 'string' ? { appKey } : undefined;
  }
}
