import type { Connection, PollRequest, PollResult, VendorEvent } from '@hub/connector-sdk';
import { readPath, record, text, toVendorTime } from '../shared';
import { nextCursor, readCursor, shiftTs } from './nc-cursor';
import { queryVariables, type NcQueryPage } from './nc-query.variables';
import { readResult } from './nc-result';
import { resolveSettings, type NcSettings } from './nc-settings';
import type { NcSoapClients } from './nc-soap.client';
import { renderArgs } from './nc-template';
import { NC_CANCELLED_KIND, type NcCancelledPayload } from './nc.types';

const DAY_MS = 86_400_000;

/** The inbox key of a cancelled interview: one per interview, whichever poll saw it first, whatever changed later. */
export function cancelledEventId(interviewId: string): string {
  return `interview:${interviewId}:cancelled`;
}

/** The rows of a query answer: `data` itself when it is a list, else its `rowsField` (JSON text followed). */
function rowsOf(data: unknown, rowsField: string): Record<string, unknown>[] {
  let list = Array.isArray(data) ? data : readPath(data, rowsField);
  if (typeof list === 'string') {
    try {
      list = JSON.parse(list);
    } catch {
      list = undefined;
    }
  }
  return Array.isArray(list) ? list.map(record).filter((r): r is Record<string, unknown> => !!r) : [];
}

async function readPages(clients: NcSoapClients, conn: Connection, settings: NcSettings, first: NcQueryPage): Promise<Record<string, unknown>[]> {
  const op = settings.operations.queryCancelled!;
  const where = `NC ${op.interface}.${op.operation}`;
  const rows: Record<string, unknown>[] = [];
  for (let pageNo = 1; pageNo <= settings.poll.maxPages; pageNo++) {
    const args = renderArgs(op.args, queryVariables({ ...first, pageNo }, conn));
    const result = readResult(await clients.call(conn, settings, op.interface, op.operation, args), op.result, where);
    const page = rowsOf(result.data, settings.poll.rowsField);
    rows.push(...page);
    const total = Number(readPath(result.data, settings.poll.totalField));
    if (page.length < first.pageSize || (Number.isFinite(total) && pageNo * first.pageSize >= total)) break;
  }
  return rows;
}

/**
 * Polls NC through the configured query operation (NC pushes nothing). `changes` and `sweep` read every row changed
 * since the cursor (a sweep from `sweepOverlapMinutes` earlier), page after page, and move the cursor to the last
 * change read; `subjects` reads the named candidates' rows of the last `lookbackDays` and leaves the cursor alone
 * (rows of other candidates are dropped: the filter is NC's, not trusted). An error fails the whole poll, so the
 * cursor never passes rows that were not read. Nothing is `discovered`: the query finds every cancellation itself.
 */
export async function pollNc(clients: NcSoapClients, conn: Connection, request: PollRequest): Promise<PollResult> {
  const settings = resolveSettings(conn);
  const op = settings.operations.queryCancelled;
  const subjects = request.scope === 'subjects';
  if (!op || (subjects && !request.subjects.length)) return { events: [], cursor: request.cursor, discovered: [] };
  const { timezone: tz, poll } = settings;
  const cursor = readCursor(request.cursor);
  const lookback = toVendorTime(request.now.getTime() - poll.lookbackDays * DAY_MS, tz);
  const since = subjects || !cursor.since ? lookback : request.scope === 'sweep' ? shiftTs(cursor.since, poll.sweepOverlapMinutes, tz) : cursor.since;
  const rows = await readPages(clients, conn, settings, { since, pageNo: 1, pageSize: poll.pageSize, scope: request.scope, ...(subjects ? { candidateIds: request.subjects } : {}) });

  const f = poll.fields;
  const seen = new Set<string>();
  const read: { id: string; ts?: string }[] = [];
  const events: VendorEvent[] = [];
  for (const row of rows) {
    const id = text(readPath(row, f.interviewId));
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const ts = text(readPath(row, f.ts));
    read.push({ id, ts });
    if (subjects && !request.subjects.includes(text(readPath(row, f.candidateId)) ?? '')) continue;
    if (!subjects && ts === cursor.since && cursor.ids.includes(id)) continue;
    const payload: NcCancelledPayload = { row, detectedAt: request.now.toISOString(), source: { interface: op.interface, operation: op.operation } };
    events.push({ externalEventId: cancelledEventId(id), kind: NC_CANCELLED_KIND, mode: 'poll', payload: JSON.stringify(payload) });
  }
  const next = subjects ? request.cursor : JSON.stringify(nextCursor(cursor, since, read, tz));
  return { events, cursor: next, discovered: [] };
}
