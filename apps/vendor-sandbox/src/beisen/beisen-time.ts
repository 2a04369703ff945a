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

/** Local text from epoch ms or from text already local (normalised to seconds). */
export function toLocalTime(value: string | number): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? localTime(value) : undefined;
  const ms = parseLocalTime(value);
  return ms === undefined ? undefined : localTime(ms);
}
