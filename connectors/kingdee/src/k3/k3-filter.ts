/** A FilterString literal: single-quoted, quotes doubled (K/3's SQL-like filter syntax). */
export const quote = (v: string): string => `'${v.replace(/'/g, "''")}'`;

/** `field = value` for one value; several joined by OR (the poll's subjects, a batch's keys). */
export function equalsAny(field: string, values: string[]): string {
  return values.map((v) => `${field} = ${quote(v)}`).join(' OR ');
}
