import { vendorTimeMs } from '../shared';
import type { BipCandidateRow } from './bip.types';

/**
 * Where the last `changes`/`sweep` poll stopped: the newest list `ts` it saw (as YonBIP wrote it, tenant time zone)
 * and the candidates seen with exactly that time, so a candidate stamped in the same second is neither lost nor
 * read again. Stored by the hub as JSON text, so it survives restarts.
 */
export interface BipCursor {
  since?: string;
  ids: string[];
}

export function readCursor(cursor: string | undefined): BipCursor {
  if (!cursor) return { ids: [] };
  try {
    const c = JSON.parse(cursor) as Partial<BipCursor>;
    return { ...(typeof c.since === 'string' ? { since: c.since } : {}), ids: Array.isArray(c.ids) ? c.ids.filter((i): i is string => typeof i === 'string') : [] };
  } catch {
    return { ids: [] };
  }
}

/** A row is new when its time is after the cursor, or equal to it and not yet seen; rows without a time always are. */
export function isNewSince(row: BipCandidateRow, rowTime: string | undefined, cursor: BipCursor, offset: string): boolean {
  const since = vendorTimeMs(cursor.since, offset);
  const at = vendorTimeMs(rowTime, offset);
  if (since === undefined || at === undefined) return true;
  return at > since || (at === since && !cursor.ids.includes(row.id));
}

/** The cursor after reading `rows` (with their times): the newest time and every id seen at it. */
export function advanceCursor(cursor: BipCursor, rows: { id: string; time?: string }[], offset: string): BipCursor {
  let next = cursor;
  let nextMs = vendorTimeMs(cursor.since, offset);
  for (const row of rows) {
    const at = vendorTimeMs(row.time, offset);
    if (at === undefined || !row.time) continue;
    if (nextMs === undefined || at > nextMs) {
      next = { since: row.time, ids: [row.id] };
      nextMs = at;
    } else if (at === nextMs && !next.ids.includes(row.id)) {
      next = { ...next, ids: [...next.ids, row.id] };
    }
  }
  return next;
}
