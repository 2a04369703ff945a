/** Beisen times are tenant-local text `yyyy-MM-dd HH:mm:ss` without a zone; the simulator's tenants are at +08:00 (UNCONFIRMED). */
export const BEISEN_UTC_OFFSET_MINUTES = 480;
const OFFSET_MS = BEISEN_UTC_OFFSET_MINUTES * 60_000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export function localTime(ms: number = Date.now()): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Epoch ms of a local text (`yyyy-MM-dd[ HH:mm[:ss]]`), or undefined when it is not one. */
export function parseLocalTime(text: unknown): number | undefined {
  const m = typeof text === 'string' ? LOCAL.exec(text.trim()) : null;
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - OFFSET_MS;
  return Number.isNaN(ms) ? undefined : ms;
}

/** A seed time relative to now, as in the DingTalk and YonBIP seeds: `{dayOffset: 1, time: "10:00"}` is tomorrow 10:00 local. */
export interface RelativeSeedTime {
  dayOffset: number;
  time: string;
}

function relativeLocalTime(value: RelativeSeedTime, now: number): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(value.time));
  const today = parseLocalTime(localTime(now).slice(0, 10));
  if (!m || !Number.isInteger(value.dayOffset) || today === undefined) return undefined;
  return localTime(today + value.dayOffset * 86_400_000 + (Number(m[1]) * 60 + Number(m[2])) * 60_000);
}

/** Local text from epoch ms, from text already local (normalised to seconds), or from a time relative to now. */
export function toLocalTime(value: string | number | RelativeSeedTime, now: number = Date.now()): string | undefined {
  if (typeof value === 'object' && value !== null) return relativeLocalTime(value, now);
  if (typeof value === 'number') return Number.isFinite(value) ? localTime(value) : undefined;
  const ms = parseLocalTime(value);
  return ms === undefined ? undefined : localTime(ms);
}
