/** Longest span the interview query accepts (doc query-the-interview-list: "不能超过30天"). */
export const MAX_QUERY_SPAN_MS = 30 * 24 * 60 * 60 * 1000;

/** One query window, both ends inclusive, epoch ms. */
export interface TimeSlice {
  beginMs: number;
  endMs: number;
}

/**
 * Splits `[fromMs, toMs]` into consecutive inclusive slices whose span is at most `maxSpanMs`
 * (`end − begin ≤ maxSpanMs`); neighbouring slices do not overlap.
 */
export function sliceWindow(fromMs: number, toMs: number, maxSpanMs: number = MAX_QUERY_SPAN_MS): TimeSlice[] {
  if (!(toMs >= fromMs) || maxSpanMs < 1) return [];
  const slices: TimeSlice[] = [];
  let begin = fromMs;
  while (begin <= toMs) {
    const end = Math.min(begin + maxSpanMs, toMs);
    slices.push({ beginMs: begin, endMs: end });
    begin = end + 1;
  }
  return slices;
}

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) throw new RangeError(`timezone offset "${offset}" is not ±HH:MM`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** Renders epoch ms as ISO 8601 in a fixed offset, e.g. `2021-07-21T17:00:00.000+08:00`. */
export function toOffsetIso(epochMs: number, offset = '+08:00'): string {
  const shifted = new Date(epochMs + offsetMinutes(offset) * 60_000).toISOString();
  return `${shifted.slice(0, -1)}${offset === '-00:00' ? '+00:00' : offset}`;
}
