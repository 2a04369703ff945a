import { mapConcurrently, record, text, type Connection, type PollRequest, type PollResult, type VendorEvent } from '@hub/connector-sdk';
import type { BeisenApiClient } from './beisen-api.client';
import { interviewEvent, isCancelled } from './beisen-interview.mapper';
import { readApply, readInterview, type BeisenApply, type BeisenInterview } from './beisen-records';
import type { BeisenSettings } from './beisen-settings';
import { fromBeisenTime, toBeisenDate, toBeisenTime } from './beisen-time';

/** Where the last `changes`/`sweep` poll's window ended (tenant-local text). Kept by the hub as JSON. */
export interface BeisenCursor {
  since: string;
}

export function readCursor(value: string | undefined): BeisenCursor | undefined {
  if (!value) return undefined;
  try {
    const since = text(record(JSON.parse(value))?.since);
    return since ? { since } : undefined;
  } catch {
    return undefined;
  }
}

/** Interview reads in flight at once; the client's pacer keeps them under the tenant's limit. */
const READ_CONCURRENCY = 8;
/** A guard against a batchId chain that never ends. */
const MAX_BATCHES = 10_000;
/** GetApplyListByApplyId takes at most this many applyIds [B2]. */
const APPLY_IDS_PER_CALL = 100;

/** Every applyId modified in [start, end], batch by batch (`batchId` → `nextBatchId` until `isLastBatch`). */
async function modifiedApplyIds(api: BeisenApiClient, conn: Connection, startTime: string, endTime: string): Promise<string[]> {
  const ids = new Set<string>();
  let batchId = '';
  for (let n = 0; n < MAX_BATCHES; n++) {
    const data = record(await api.call(conn, 'Apply/GetApplyListByModifiedTime', { startTime, endTime, batchId })) ?? {};
    for (const item of Array.isArray(data.items) ? data.items : []) {
      const id = text(record(item)?.applyId);
      if (id) ids.add(id);
    }
    const next = text(data.nextBatchId);
    if (data.isLastBatch === true || !next || next === batchId) break;
    batchId = next;
  }
  return [...ids];
}

async function applies(api: BeisenApiClient, conn: Connection, ids: string[]): Promise<Map<string, BeisenApply>> {
  const out = new Map<string, BeisenApply>();
  for (let i = 0; i < ids.length; i += APPLY_IDS_PER_CALL) {
    const data = await api.call(conn, 'Apply/GetApplyListByApplyId', { applyIds: ids.slice(i, i + APPLY_IDS_PER_CALL) });
    for (const raw of Array.isArray(data) ? data : []) {
      const apply = readApply(raw);
      if (apply) out.set(apply.applyId, apply);
    }
  }
  return out;
}

function interviewsOf(data: unknown, s: BeisenSettings): BeisenInterview[] {
  return (Array.isArray(data) ? data : []).map((v) => readInterview(v, s.utcOffsetMinutes)).filter((i): i is BeisenInterview => !!i);
}

/**
 * Polls Beisen (README "Poll"), which has no public push [B2]. `changes`: applies modified since the cursor
 * (GetApplyListByModifiedTime, every batch; the window starts `pollOverlapSeconds` early and the inbox drops
 * re-reads), then each one's interviews (GetInterviewsByApplyId). `sweep`: that, the tracked applies, and, with
 * `sweepInterviewDays`, the interviews of today and the days ahead by date (GetInterviewsByDate), for a cancellation
 * that did not stamp its apply. `subjects`: the named applies only. A cancelled interview becomes an event with its
 * apply (GetApplyListByApplyId, ≤100 a call); applies with an interview still scheduled are tracked.
 */
export async function pollBeisen(api: BeisenApiClient, conn: Connection, s: BeisenSettings, request: PollRequest): Promise<PollResult> {
  const nowMs = request.now.getTime();
  const endTime = toBeisenTime(nowMs, s.utcOffsetMinutes);
  const cursorMs = fromBeisenTime(readCursor(request.cursor)?.since, s.utcOffsetMinutes);
  const startMs = cursorMs !== undefined ? cursorMs - s.pollOverlapSeconds * 1000 : nowMs - s.pollLookbackHours * 3_600_000;
  const changed = request.scope === 'subjects' ? [] : await modifiedApplyIds(api, conn, toBeisenTime(startMs, s.utcOffsetMinutes), endTime);
  const subjects = request.scope === 'changes' ? [] : request.subjects;
  const applyIds = [...new Set([...changed, ...subjects])];
  const byApply = new Map<string, BeisenInterview[]>();
  await mapConcurrently(applyIds, READ_CONCURRENCY, async (applyId) => {
    byApply.set(applyId, interviewsOf(await api.call(conn, 'Interview/GetInterviewsByApplyId', { applyId }), s));
  });
  const byDate: BeisenInterview[] = [];
  if (request.scope === 'sweep') {
    for (let day = 0; day < s.sweepInterviewDays; day++) {
      byDate.push(...interviewsOf(await api.call(conn, 'Interview/GetInterviewsByDate', { date: toBeisenDate(nowMs + day * 86_400_000, s.utcOffsetMinutes) }), s));
    }
  }
  const cancelled = new Map<string, BeisenInterview>();
  for (const i of [...[...byApply.values()].flat(), ...byDate]) if (isCancelled(i, s)) cancelled.set(i.interviewId, i);
  const details = await applies(api, conn, [...new Set([...cancelled.values()].map((i) => i.applyId).filter((id): id is string => !!id))]);
  const events: VendorEvent[] = [...cancelled.values()].map((i) => interviewEvent(i, i.applyId ? details.get(i.applyId) : undefined));
  const ahead = (list: BeisenInterview[]) => list.some((i) => s.interview.scheduledStatuses.includes(i.status) && (i.start === undefined || i.start > nowMs));
  const known = new Set(request.subjects);
  const discovered = [...byApply.entries()].filter(([id, list]) => !known.has(id) && ahead(list)).map(([id]) => id);
  const untracked = request.scope === 'sweep' ? request.subjects.filter((id) => !ahead(byApply.get(id) ?? [])) : undefined;
  const cursor = request.scope === 'subjects' ? request.cursor : JSON.stringify({ since: endTime } satisfies BeisenCursor);
  return { events, ...(cursor !== undefined ? { cursor } : {}), discovered, ...(untracked ? { untracked } : {}) };
}
