const HAS_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/**
 * Returns an ISO 8601 timestamp that carries an offset. Values that already carry one are kept
 * as given (the vendor's timezone is evidence); bare local times get the tenant's offset.
 */
export function withOffset(value: string, offset: string): string {
  if (HAS_OFFSET.test(value)) return value;
  return `${value}${offset}`;
}

/** Formats an instant as ISO 8601 in a fixed offset such as `+08:00`. */
export function isoInOffset(at: Date | number, offset: string): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) throw new Error(`bad offset "${offset}", expected ±HH:MM`);
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offset}`;
}
