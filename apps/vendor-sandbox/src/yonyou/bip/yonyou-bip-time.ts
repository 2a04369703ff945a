import type { BipSeedTime } from './yonyou-bip.types';

/**
 * YonBIP writes times as `yyyy-MM-dd HH:mm:ss` in the tenant's own time zone, without an offset (candidate list
 * `pubts`, detail dates [Y4]). The simulator keeps epoch ms and writes them this way per tenant.
 */

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const VENDOR_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isOffset(value: unknown): value is string {
  return typeof value === 'string' && OFFSET.test(value);
}

function offsetMs(offset: string): number {
  const m = OFFSET.exec(offset);
  if (!m) throw new Error(`timezone "${offset}" is not ±HH:MM`);
  const ms = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return m[1] === '-' ? -ms : ms;
}

/** Epoch ms → `yyyy-MM-dd HH:mm:ss` on the tenant's wall clock. */
export function formatVendorTime(epochMs: number, offset: string): string {
  return new Date(epochMs + offsetMs(offset)).toISOString().slice(0, 19).replace('T', ' ');
}

/** `yyyy-MM-dd HH:mm[:ss]` on the tenant's wall clock → epoch ms; undefined when the text is not such a time. */
export function parseVendorTime(text: string, offset: string): number | undefined {
  const m = VENDOR_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0'] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offsetMs(offset);
}

/** A seed time → epoch ms; `{dayOffset: 1, time: "10:00"}` is tomorrow 10:00 on the tenant's clock, counted from `now`. */
export function seedTimeToMs(time: BipSeedTime, offset: string, now: number, where: string): number {
  if (typeof time === 'number') return time;
  if (typeof time === 'string') {
    const ms = parseVendorTime(time, offset);
    if (ms === undefined) throw new Error(`yonyou.bip seed: ${where} "${time}" is not yyyy-MM-dd HH:mm:ss`);
    return ms;
  }
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.time);
  if (!m || !Number.isInteger(time.dayOffset)) throw new Error(`yonyou.bip seed: ${where} needs {dayOffset, time: "HH:mm"}`);
  const wall = new Date(now + offsetMs(offset));
  const utc = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + time.dayOffset, Number(m[1]), Number(m[2]));
  return utc - offsetMs(offset);
}
