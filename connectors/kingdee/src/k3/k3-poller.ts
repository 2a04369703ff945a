import type { Connection, PollRequest, PollResult } from '@hub/connector-sdk';
import type { K3ApiClient } from './k3-api.client';
import { equalsAny, quote } from './k3-filter';
import { interviewEvent, interviewFieldKeys, isCancelled } from './k3-interview.mapper';
import { resolveSettings, type K3Settings } from './k3-settings';
import { k3TimeKey, toK3Time } from './k3-time';

/** Where the last `changes`/`sweep` poll stopped: the latest modification time read. Kept by the hub as JSON. */
export interface K3Cursor {
  since: string;
}

export function readCursor(text: string | undefined): K3Cursor | undefined {
  if (!text) return undefined;
  try {
    const c = JSON.parse(text) as { since?: unknown };
    return typeof c.since === 'string' ? { since: c.since } : undefined;
  } catch {
    return undefined;
  }
}

function byIds(api: K3ApiClient, conn: Connection, s: K3Settings, ids: string[]): Promise<Record<string, unknown>[]> {
  if (!ids.length) return Promise.resolve([]);
  return api.queryAll(conn, { FormId: s.interview.formId, FieldKeys: interviewFieldKeys(s).join(','), FilterString: equalsAny(s.interview.fields.id, ids), OrderString: `${s.interview.fields.id} ASC` });
}

/**
 * Polls the interview form by ExecuteBillQuery (K3.md "Poll"): `changes` reads every page of rows modified at or
 * after the cursor (inclusive, so a row written in the same second is not missed; the inbox dedups the repeats),
 * `subjects` reads the named interviews, `sweep` both. Cancelled rows become events; others are `discovered`.
 */
export async function pollK3(api: K3ApiClient, conn: Connection, request: PollRequest): Promise<PollResult> {
  const s = resolveSettings(conn);
  const since = readCursor(request.cursor)?.since ?? toK3Time(request.now.getTime() - s.pollLookbackHours * 3_600_000, s.utcOffsetMinutes);
  const changed =
    request.scope === 'subjects'
      ? []
      : await api.queryAll(conn, {
          FormId: s.interview.formId,
          FieldKeys: interviewFieldKeys(s).join(','),
          FilterString: `${s.interview.modifiedField} >= ${quote(since)}`,
          OrderString: `${s.interview.modifiedField} ASC, FID ASC`,
        });
  const subjectRows = request.scope === 'changes' ? [] : await byIds(api, conn, s, request.subjects);
  const rows = new Map<string, Record<string, unknown>>();
  for (const row of [...changed, ...subjectRows]) rows.set(String(row[s.interview.fields.id]), row);
  const events = [...rows.values()].filter((r) => isCancelled(r, s)).map((r) => interviewEvent(r, s));
  const known = new Set(request.subjects);
  const discovered = [...rows.entries()].filter(([id, r]) => !known.has(id) && !isCancelled(r, s)).map(([id]) => id);
  const latest = changed.reduce((max, r) => (k3TimeKey(r[s.interview.modifiedField]) > max ? k3TimeKey(r[s.interview.modifiedField]) : max), since);
  const untracked = request.scope === 'sweep' ? request.subjects.filter((id) => !rows.has(id) || isCancelled(rows.get(id)!, s)) : undefined;
  const cursor = request.scope === 'subjects' ? request.cursor : JSON.stringify({ since: latest } satisfies K3Cursor);
  return { events, ...(cursor !== undefined ? { cursor } : {}), discovered, ...(untracked ? { untracked } : {}) };
}
