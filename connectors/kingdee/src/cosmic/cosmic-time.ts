/** Cosmic's wall-clock text `yyyy-MM-dd HH:mm:ss` in the tenant's offset, to and from epoch ms / ISO. */
function offsetMs(tz: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(tz);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 8 * 3_600_000;
}

export function toWallClock(ms: number, tz: string): string {
  return new Date(ms + offsetMs(tz)).toISOString().replace('T', ' ').slice(0, 19);
}

/** A row's time as ISO UTC; undefined when it is not a readable time. */
export function wallClockToIso(value: unknown, tz: string): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(value.trim());
  const ms = m ? Date.parse(`${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}${tz}`) : Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
