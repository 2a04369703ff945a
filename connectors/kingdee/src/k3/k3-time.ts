/** K/3 datetime fields carry the server's local time without a zone: `YYYY-MM-DD HH:mm:ss` (or with `T`). */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

/** Local K/3 time text for an instant. */
export function toK3Time(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO instant of a K/3 local time, or undefined when it is not one. */
export function fromK3Time(v: unknown, offsetMinutes: number): string | undefined {
  const m = LOCAL.exec(String(v ?? ''));
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000).toISOString();
}

/** Comparable text of a K/3 time (the `T` form and the space form sort alike). */
export function k3TimeKey(v: unknown): string {
  return String(v ?? '').replace('T', ' ').slice(0, 19);
}
