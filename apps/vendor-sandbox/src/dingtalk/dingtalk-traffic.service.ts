import { BadRequestException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ResetRegistry } from '../common/reset-registry.service';
import type { DingtalkRoute } from './dingtalk-api.catalog';
import { legacyError, v1ErrorBody } from './dingtalk-errors';
import { DingtalkStateService } from './dingtalk-state.service';
import type { DingtalkTrafficSettings } from './dingtalk.types';

/** A refusal decided before the handler runs. */
export interface GateAnswer {
  status: number;
  contentType: string;
  body: string;
  outcome: 'throttled' | 'banned';
}

interface Window {
  start: number;
  count: number;
}

export interface ManualBanInput {
  enabled?: unknown;
  ips?: unknown;
  format?: unknown;
  status?: unknown;
  durationMs?: unknown;
}

/**
 * Throttling and IP bans as described in [doc: how-to-process-api-throttling-on-the-dingtalk-server]:
 * per-API QPS (oapi errcode 90002/90018, v1.0 403 Forbidden.AccessDenied.QpsLimitFor*), and per IP
 * 10 000 calls / 20 s → 5 min ban answered by `{status:1111, punish:"deny"}` or an HTML page.
 */
@Injectable()
export class DingtalkTrafficService {
  private qpsWindows = new Map<string, Window>();
  private ipWindows = new Map<string, Window>();
  private bannedUntil = new Map<string, number>();
  /** Manual ban from the control API: every IP when `ips` is empty. */
  private manualBan?: { ips: string[]; until: number };

  constructor(
    private readonly state: DingtalkStateService,
    resets: ResetRegistry,
  ) {
    resets.register(() => this.clearCounters());
  }

  get settings(): DingtalkTrafficSettings {
    return this.state.settings.traffic;
  }

  check(route: DingtalkRoute, ip: string, appKey: string | undefined, now = Date.now()): GateAnswer | undefined {
    if (this.isBanned(ip, now)) return this.banAnswer();
    const scopeKey = this.settings.scope === 'appkeyAndApi' ? `${appKey ?? '-'}|${route.counterName}` : route.counterName;
    const limit = this.settings.apiQps[route.counterName] ?? this.settings.qps;
    const window = bump(this.qpsWindows, scopeKey, 1000, now);
    if (window.count > limit) return this.throttleAnswer(route, window.start + 1000);
    return undefined;
  }

  update(input: Partial<DingtalkTrafficSettings>): DingtalkTrafficSettings {
    const next = { ...this.settings };
    if (input.qps !== undefined) next.qps = positive(input.qps, 'qps');
    if (input.scope !== undefined) {
      if (input.scope !== 'api' && input.scope !== 'appkeyAndApi') throw new BadRequestException('scope: api | appkeyAndApi');
      next.scope = input.scope;
    }
    if (input.apiQps !== undefined) {
      if (typeof input.apiQps !== 'object' || input.apiQps === null) throw new BadRequestException('apiQps must be an object');
      next.apiQps = Object.fromEntries(Object.entries(input.apiQps).map(([k, v]) => [k, positive(v, `apiQps.${k}`)]));
    }
    if (input.ipLimit !== undefined) next.ipLimit = { ...next.ipLimit, ...input.ipLimit };
    if (input.banFormat !== undefined) next.banFormat = input.banFormat === 'html' ? 'html' : 'json';
    if (input.banStatus !== undefined) next.banStatus = positive(input.banStatus, 'banStatus');
    this.state.settings.traffic = next;
    this.qpsWindows.clear();
    return next;
  }

  setManualBan(input: ManualBanInput, now = Date.now()): Record<string, unknown> {
    if (input.format !== undefined || input.status !== undefined) {
      this.update({ banFormat: input.format as 'json' | 'html', banStatus: input.status as number });
    }
    if (input.enabled === false) {
      this.manualBan = undefined;
      this.bannedUntil.clear();
      this.ipWindows.clear();
    } else {
      const ips = Array.isArray(input.ips) ? input.ips.map(String) : [];
      const durationMs = input.durationMs === undefined ? Number.POSITIVE_INFINITY : Number(input.durationMs);
      this.manualBan = { ips, until: now + durationMs };
    }
    return {
      enabled: this.manualBan !== undefined,
      ips: this.manualBan?.ips ?? [],
      until: this.manualBan && Number.isFinite(this.manualBan.until) ? this.manualBan.until : null,
      format: this.settings.banFormat,
      status: this.settings.banStatus,
    };
  }

  private isBanned(ip: string, now: number): boolean {
    if (this.manualBan && this.manualBan.until > now) {
      if (this.manualBan.ips.length === 0 || this.manualBan.ips.includes(ip)) return true;
    }
    const until = this.bannedUntil.get(ip);
    if (until !== undefined && until > now) return true;
    const { max, windowMs, banMs } = this.settings.ipLimit;
    const window = bump(this.ipWindows, ip, windowMs, now, false);
    if (window.count > max) {
      this.bannedUntil.set(ip, now + banMs);
      return true;
    }
    return false;
  }

  private banAnswer(): GateAnswer {
    const { banFormat, banStatus } = this.settings;
    if (banFormat === 'html') {
      const html =
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>访问被拒绝</title></head>' +
        '<body><h1>访问被拒绝</h1><p>您的访问过于频繁，请 5 分钟后再试。</p></body></html>';
      return { status: banStatus, contentType: 'text/html; charset=utf-8', body: html, outcome: 'banned' };
    }
    const body = { status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: randomUUID() };
    return { status: banStatus, contentType: 'application/json', body: JSON.stringify(body), outcome: 'banned' };
  }

  private throttleAnswer(route: DingtalkRoute, liftsAt: number): GateAnswer {
    const perApp = this.settings.scope === 'appkeyAndApi';
    if (route.family === 'legacy') {
      const body = perApp
        ? legacyError(90018, '当前企业应用调用该接口超过每秒调用次数限制')
        : legacyError(90002, '超出了该接口承受的最大qps');
      return { status: 200, contentType: 'application/json', body: JSON.stringify(body), outcome: 'throttled' };
    }
    const code = perApp ? 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' : 'Forbidden.AccessDenied.QpsLimitForApi';
    const body = v1ErrorBody(code, `请求过于频繁，限制将在 ${beijingTime(liftsAt)} 结束`);
    return { status: 403, contentType: 'application/json', body: JSON.stringify(body), outcome: 'throttled' };
  }

  private clearCounters(): void {
    this.qpsWindows.clear();
    this.ipWindows.clear();
    this.bannedUntil.clear();
    this.manualBan = undefined;
  }
}

/** QPS windows are calendar seconds ("当前秒"); IP windows start at the first call seen. */
function bump(windows: Map<string, Window>, key: string, sizeMs: number, now: number, aligned = true): Window {
  const current = windows.get(key);
  const start = aligned ? Math.floor(now / sizeMs) * sizeMs : current && now - current.start < sizeMs ? current.start : now;
  const window = current && current.start === start ? current : { start, count: 0 };
  window.count += 1;
  windows.set(key, window);
  return window;
}

function positive(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new BadRequestException(`${name} must be a positive number`);
  return n;
}

function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}
