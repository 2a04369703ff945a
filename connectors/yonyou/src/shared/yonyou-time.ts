/**
 * Yonyou APIs write times as `yyyy-MM-dd HH:mm:ss` (sometimes date only) in the tenant's own time zone, with no
 * offset (VENDORS.md §2 [Y4]: candidate list `pubts`, detail dates). These helpers turn them into instants and ISO
 * text with an explicit offset, and back.
 */

const VENDOR_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** Minutes east of UTC of a `±HH:MM` offset. */
export function offsetMinutes(offset: string): number {
  const m = OFFSET.exec(offset);
  if (!m) throw new RangeError(`timezone offset "${offset}" is not ±HH:MM`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * Epoch ms of a vendor time: `yyyy-MM-dd[ HH:mm[:ss]]` read in `offset`, ISO text with its own offset, or epoch ms
 * (number or digits). Undefined when it is none of these.
 */
export function vendorTimeMs(value: unknown, offset: string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const v = value.trim();
  if (/^\d{10,16}$/.test(v)) return Number(v);
  const m = VENDOR_TIME.exec(v);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = m;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
    return utc - offsetMinutes(offset) * 60_000;
  }
  const parsed = Date.parse(v);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Epoch ms as ISO 8601 in a fixed offset, e.g. `2024-05-01T09:30:00.000+08:00`. */
export function toOffsetIso(epochMs: number, offset: string): string {
  const shifted = new Date(epochMs + offsetMinutes(offset) * 60_000).toISOString();
  return `${shifted.slice(0, -1)}${offset === '-00:00' ? '+00:00' : offset}`;
}

/** A vendor time as ISO 8601 with `offset`, or undefined when it cannot be read. */
export function vendorTimeToIso(value: unknown, offset: string): string | undefined {
  const ms = vendorTimeMs(value, offset);
  return ms === undefined ? undefined : toOffsetIso(ms, offset);
}

/** Epoch ms written the vendor's way: `yyyy-MM-dd HH:mm:ss` in `offset`. */
export function toVendorTime(epochMs: number, offset: string): string {
  return toOffsetIso(epochMs, offset).slice(0, 19).replace('T', ' ');
}
