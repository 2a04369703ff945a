/** Beisen's recruiting times: tenant-local `yyyy-MM-dd HH:mm:ss` (or with `T`), sometimes with a zone (UNCONFIRMED). */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Local text of an instant, as Beisen's query parameters take it. */
export function toBeisenTime(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The local date (`yyyy-MM-dd`) of an instant. */
export function toBeisenDate(ms: number, offsetMinutes: number): string {
  return toBeisenTime(ms, offsetMinutes).slice(0, 10);
}

/** Epoch ms of a Beisen time (local unless it names its zone; epoch numbers taken as ms); undefined when unreadable. */
export function fromBeisenTime(v: unknown, offsetMinutes: number): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const m = LOCAL.exec(String(v ?? '').trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const zone = m[7];
  if (!zone) return local - offsetMinutes * 60_000;
  if (zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.replace(/[^\d]/g, '');
  return local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
