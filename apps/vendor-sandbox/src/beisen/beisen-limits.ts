import { Injectable } from '@nestjs/common';
import { ResetRegistry } from '../common/reset-registry.service';
import { localTime } from './beisen-time';
import type { BeisenLimitClass, BeisenSimulatorSettings } from './beisen.types';

interface Window {
  startMs: number;
  count: number;
}

/** `list` = any path with `/Get` and `Setting/*`; `transferPhase`; every other RecruitV6 path is a `write`. */
export function limitClassOf(api: string): BeisenLimitClass {
  if (api === 'Apply/TransferPhase') return 'transferPhase';
  if (api.includes('/Get') || api.startsWith('Setting/')) return 'list';
  return 'write';
}

/**
 * Beisen's rate limits per tenant × API: fixed windows of one second and one minute, each opened by the first call
 * after the previous one closed, plus an optional daily cap per tenant. Only admitted calls count.
 */
@Injectable()
export class BeisenLimits {
  private windows = new Map<string, { second: Window; minute: Window }>();
  private days = new Map<string, { day: string; count: number }>();

  constructor(resets: ResetRegistry) {
    resets.register(() => this.clear());
  }

  clear(): void {
    this.windows.clear();
    this.days.clear();
  }

  /** Counts the call and answers true, or answers false (throttled) without counting it. */
  admit(tenantId: string, api: string, settings: BeisenSimulatorSettings, now = Date.now()): boolean {
    const limit = settings.limits[limitClassOf(api)];
    const key = `${tenantId}|${api}`;
    const w = this.windows.get(key) ?? { second: { startMs: now, count: 0 }, minute: { startMs: now, count: 0 } };
    if (now - w.second.startMs >= 1000) w.second = { startMs: now, count: 0 };
    if (now - w.minute.startMs >= 60_000) w.minute = { startMs: now, count: 0 };
    const today = localTime(now).slice(0, 10);
    const day = this.days.get(tenantId);
    const dayCount = day?.day === today ? day.count : 0;
    if (w.second.count >= limit.perSecond || w.minute.count >= limit.perMinute) return false;
    if (settings.dailyCap > 0 && dayCount >= settings.dailyCap) return false;
    w.second.count += 1;
    w.minute.count += 1;
    this.windows.set(key, w);
    this.days.set(tenantId, { day: today, count: dayCount + 1 });
    return true;
  }
}
