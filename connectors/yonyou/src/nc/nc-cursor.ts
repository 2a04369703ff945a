import { toVendorTime, vendorTimeMs } from '../shared';

/**
 * Where the last `changes`/`sweep` poll stopped, kept by the hub as JSON text (so it survives restarts): the
 * greatest row change time (`ts`, NC's own text) read, and the interviews read at exactly that time (the query is
 * inclusive, so they come again and are skipped).
 */
export interface NcCursor {
  since?: string;
  ids: string[];
}

export function readCursor(cursor: string | undefined): NcCursor {
  if (!cursor) return { ids: [] };
  try {
    const c = JSON.parse(cursor) as Partial<NcCursor>;
    return { ...(typeof c.since === 'string' && c.since ? { since: c.since } : {}), ids: Array.isArray(c.ids) ? c.ids.filter((x): x is string => typeof x === 'string') : [] };
  } catch {
    return { ids: [] };
  }
}

/** A change time as an instant, when it is one (`yyyy-MM-dd…`, ISO, epoch ms); Date.parse alone accepts too much. */
function instant(ts: string, offset: string): number | undefined {
  return /^(\d{10,16}|\d{4}-\d{2}-\d{2}([ T].*)?)$/.test(ts.trim()) ? vendorTimeMs(ts, offset) : undefined;
}

/** Orders change times: as instants when both read as times (`yyyy-MM-dd HH:mm:ss`, ISO, epoch ms), else as text. */
export function compareTs(a: string, b: string, offset: string): number {
  const x = instant(a, offset);
  const y = instant(b, offset);
  if (x !== undefined && y !== undefined) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `ts` moved back by `minutes`, written the same way NC writes it; unchanged when it is not a time. */
export function shiftTs(ts: string, minutes: number, offset: string): string {
  const ms = instant(ts, offset);
  if (ms === undefined || !minutes) return ts;
  return /^\d+$/.test(ts) ? String(ms - minutes * 60_000) : toVendorTime(ms - minutes * 60_000, offset);
}

/** The cursor after reading `rows` (each with its ts, when it has one) from `since`. */
export function nextCursor(previous: NcCursor, since: string, rows: { id: string; ts?: string }[], offset: string): NcCursor {
  let max = previous.since && compareTs(previous.since, since, offset) > 0 ? previous.since : since;
  for (const r of rows) if (r.ts && compareTs(r.ts, max, offset) > 0) max = r.ts;
  const atMax = rows.filter((r) => r.ts !== undefined && compareTs(r.ts, max, offset) === 0).map((r) => r.id);
  const kept = max === previous.since ? previous.ids : [];
  return { since: max, ids: [...new Set([...kept, ...atMax])] };
}
