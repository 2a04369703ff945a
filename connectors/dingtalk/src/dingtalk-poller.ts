import { isConnectorError, type Connection, type PollRequest, type PollResult, type VendorEvent } from '@hub/connector-sdk';
import type { DingTalkApiClient } from './dingtalk-api.client';
import { resolveSettings, type DingTalkSettings } from './dingtalk-settings';
import { INTERVIEW_CANCELLED_KIND, type DingTalkCancelledPayload, type DingTalkInterview } from './dingtalk.types';
import { FlowCandidateCache } from './flow-candidate.cache';

const DAY_MS = 86_400_000;
/** Widest flow-search window the connector sends (the interview query's documented 30-day limit, kept here too). */
export const MAX_SEARCH_SPAN_MS = 30 * DAY_MS;
/** Sweep windows reach back this far before the last sweep: the cursor is the hub's clock, DingTalk's may lag it. */
export const CLOCK_SKEW_MARGIN_MS = 2 * 60_000;

/** The inbox key of a poll-detected cancellation: one per interview, whatever poll saw it first. */
export function cancelledEventId(interviewId: string): string {
  return `interview:${interviewId}:cancelled`;
}

/** Where the last polls of each kind stopped (ISO times). A plain ISO string (older cursors) counts for both. */
export interface DingTalkCursor {
  changes?: string;
  sweep?: string;
}

export function readCursor(cursor: string | undefined): DingTalkCursor {
  if (!cursor) return {};
  if (!cursor.startsWith('{')) return { changes: cursor, sweep: cursor };
  try {
    const c = JSON.parse(cursor) as DingTalkCursor;
    return { ...(typeof c.changes === 'string' ? { changes: c.changes } : {}), ...(typeof c.sweep === 'string' ? { sweep: c.sweep } : {}) };
  } catch {
    return {};
  }
}

/**
 * Start of a flow-search window: `since` (less `marginMs`), else now − lookback; never more than 30 days back,
 * never after now.
 */
export function discoveryWindowStart(since: string | undefined, nowMs: number, lookbackDays: number, marginMs = 0): number {
  const fromCursor = since ? Date.parse(since) - marginMs : NaN;
  const from = Number.isFinite(fromCursor) ? fromCursor : nowMs - lookbackDays * DAY_MS;
  return Math.min(nowMs, Math.max(from, nowMs - MAX_SEARCH_SPAN_MS));
}

/** Spaces calls at most `perSecond` a second (the sweep's pace under DingTalk's per-app and per-IP limits). */
function pacer(perSecond: number): () => Promise<void> {
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const wait = next - now;
    next = Math.max(now, next) + gap;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
}

/**
 * Polls DingTalk for cancelled interviews. DingTalk documents no interview-cancelled push, and the interview
 * query needs a candidateId, so polling is per candidate; which candidates depends on the scope:
 * - `changes` (a push said something changed): the candidates of the recruitment flows modified since the last
 *   `changes` poll (flow search + flow info), no others;
 * - `sweep` (the schedule): the flows modified since the last sweep less a 2-minute clock-skew margin, plus every
 *   tracked candidate and `settings.trackedCandidateIds`, at `settings.sweepCallsPerSecond`; tracked candidates
 *   with no interview ahead are returned as `untracked`;
 * - `subjects`: the named candidates only.
 * Window of the interview query: [now − lookback, now + horizon], cut into ≤30-day slices by the client.
 */
export async function pollDingTalk(client: DingTalkApiClient, flows: FlowCandidateCache, conn: Connection, request: PollRequest): Promise<PollResult> {
  const settings = resolveSettings(conn);
  const nowMs = request.now.getTime();
  const cursor = readCursor(request.cursor);
  const pace = request.scope === 'sweep' ? pacer(settings.sweepCallsPerSecond) : async () => undefined;
  const since = request.scope === 'sweep' ? cursor.sweep : cursor.changes;
  const found = request.scope === 'subjects' ? [] : await discoverCandidates(client, flows, conn, discoveryWindowStart(since, nowMs, settings.pollLookbackDays, request.scope === 'sweep' ? CLOCK_SKEW_MARGIN_MS : 0), nowMs, pace);
  const tracked = request.scope === 'sweep' ? [...request.subjects, ...settings.trackedCandidateIds] : request.subjects;
  const subjects = [...new Set([...(request.scope === 'changes' ? [] : tracked), ...found])];
  const known = new Set(request.subjects);
  const events: VendorEvent[] = [];
  const untracked: string[] = [];
  const titles = new Map<string, string | undefined>();
  const titleOf = async (jobId: string | undefined): Promise<string | undefined> => {
    if (!settings.jobLookup || !jobId) return undefined;
    if (!titles.has(jobId)) {
      await pace();
      // The job lookup is UNCONFIRMED; a failure only costs the title.
      titles.set(jobId, await client.getJobTitle(conn, jobId).catch(() => undefined));
    }
    return titles.get(jobId);
  };

  for (const candidateId of subjects) {
    await pace();
    let interviews: DingTalkInterview[];
    try {
      interviews = await client.queryInterviews(conn, candidateId, nowMs - settings.pollLookbackDays * DAY_MS, nowMs + settings.pollHorizonDays * DAY_MS);
    } catch (e) {
      if (isConnectorError(e) && e.kind === 'NOT_FOUND') {
        if (request.scope === 'sweep' && known.has(candidateId)) untracked.push(candidateId);
        continue;
      }
      throw e;
    }
    if (request.scope === 'sweep' && known.has(candidateId) && !settings.trackedCandidateIds.includes(candidateId) && !hasInterviewAhead(interviews, nowMs)) untracked.push(candidateId);
    for (const interview of interviews) {
      if (interview.cancelled !== true) continue;
      const jobTitle = await titleOf(interview.jobId);
      const payload: DingTalkCancelledPayload = {
        interview,
        candidateId,
        ...(jobTitle ? { jobTitle } : {}),
        ...(conn.credentials.corpId ? { corpId: conn.credentials.corpId } : {}),
        detectedAt: request.now.toISOString(),
      };
      events.push({ externalEventId: cancelledEventId(interview.interviewId), kind: INTERVIEW_CANCELLED_KIND, mode: 'poll', payload: JSON.stringify(payload) });
    }
  }
  const next: DingTalkCursor = request.scope === 'subjects' ? cursor : { ...cursor, changes: request.now.toISOString(), ...(request.scope === 'sweep' ? { sweep: request.now.toISOString() } : {}) };
  return { events, cursor: request.scope === 'subjects' ? request.cursor : JSON.stringify(next), discovered: found.filter((id) => !known.has(id) && !settings.trackedCandidateIds.includes(id)), untracked };
}

/** Whether any interview of the candidate that is not cancelled starts after now. */
export function hasInterviewAhead(interviews: DingTalkInterview[], nowMs: number): boolean {
  return interviews.some((i) => i.cancelled !== true && (i.startTimeMillis ?? 0) > nowMs);
}

/**
 * Candidate ids of the flows modified in `[fromMs, toMs]`, in search order, de-duplicated. No discovery (an empty
 * list) when `discoverCandidates` is off or `opUserId` is unset (SearchFlow requires it). A flow's candidate never
 * changes, so flow info is read once per flow and kept (FlowCandidateCache). A flow DingTalk no longer knows (404)
 * or whose info has no candidateId is skipped; other errors fail the poll, so the cursor does not move past an
 * unsearched window.
 */
export async function discoverCandidates(
  client: DingTalkApiClient,
  flows: FlowCandidateCache,
  conn: Connection,
  fromMs: number,
  toMs: number,
  pace: () => Promise<void> = async () => undefined,
): Promise<string[]> {
  const settings: DingTalkSettings = resolveSettings(conn);
  if (!settings.discoverCandidates || !settings.opUserId) return [];
  await pace();
  const flowIds = await client.searchFlows(conn, settings.opUserId, fromMs, toMs);
  const candidates = new Set<string>();
  for (const flowId of flowIds) {
    let candidateId = flows.get(conn, flowId);
    if (candidateId === undefined) {
      await pace();
      try {
        candidateId = (await client.getFlowInfo(conn, flowId)).candidateId ?? null;
      } catch (e) {
        if (!(isConnectorError(e) && e.kind === 'NOT_FOUND')) throw e;
        candidateId = null;
      }
      flows.set(conn, flowId, candidateId);
    }
    if (candidateId) candidates.add(candidateId);
  }
  return [...candidates];
}
