import { isConnectorError, mapConcurrently, type Connection, type PollRequest, type PollResult, type VendorEvent } from '@hub/connector-sdk';
import { NO_PACE, type DingTalkCallBudget, type Pace } from './call-budget';
import type { DingTalkApiClient } from './dingtalk-api.client';
import { readFailedPushes } from './dingtalk-failed-push.reader';
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

/** Spaces calls at most `perSecond` a second, whatever the API (the sweep's own, lower pace). */
function pacer(perSecond: number): Pace {
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const wait = next - now;
    next = Math.max(now, next) + gap;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
}

/** What a poll needs besides the connection: the API client, the flow → candidate cache, the call budget. */
export interface DingTalkPollDeps {
  client: DingTalkApiClient;
  flows: FlowCandidateCache;
  budget: DingTalkCallBudget;
}

/** The pace of each API in one poll: the connection's budget per API, and for a sweep also its own pace. */
function pacesFor(deps: DingTalkPollDeps, conn: Connection, scope: PollRequest['scope'], settings: DingTalkSettings): (api: string) => Pace {
  const sweep = scope === 'sweep' ? pacer(settings.sweepCallsPerSecond) : NO_PACE;
  const limits = { perSecond: settings.pollCallsPerSecond, perMinute: settings.pollCallsPerMinute };
  return (api) => {
    const budget = deps.budget.pace(conn, api, limits);
    return async () => {
      await sweep();
      await budget();
    };
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
 * found candidates are `discovered` (to be tracked) only if they have an interview ahead: there is nothing left
 * to cancel for the others, and a new interview changes their flow, which the flow search finds again;
 * - `subjects`: the named candidates only.
 * A sweep (HTTP mode, `failedPushRecovery`) also returns every push DingTalk failed to deliver, read from its
 * failed-push list, as the event the push would have stored (`readFailedPushes`).
 * Window of the interview query: [now − lookback, now + horizon], cut into ≤30-day slices by the client.
 * Every call waits for the connection's budget of its API (`pollCallsPerSecond`, `pollCallsPerMinute`); up to
 * `pollConcurrency` candidates (and flows) are read at once. Events come back in subject order.
 */
export async function pollDingTalk(deps: DingTalkPollDeps, conn: Connection, request: PollRequest): Promise<PollResult> {
  const { client } = deps;
  const settings = resolveSettings(conn);
  const nowMs = request.now.getTime();
  const cursor = readCursor(request.cursor);
  const paceOf = pacesFor(deps, conn, request.scope, settings);
  const queryPace = paceOf('QueryInterviews');
  const jobPace = paceOf('GetJob');
  const since = request.scope === 'sweep' ? cursor.sweep : cursor.changes;
  const found = request.scope === 'subjects' ? [] : await discoverCandidates(deps, conn, discoveryWindowStart(since, nowMs, settings.pollLookbackDays, request.scope === 'sweep' ? CLOCK_SKEW_MARGIN_MS : 0), nowMs, paceOf);
  const tracked = request.scope === 'sweep' ? [...request.subjects, ...settings.trackedCandidateIds] : request.subjects;
  const subjects = [...new Set([...(request.scope === 'changes' ? [] : tracked), ...found])];
  const known = new Set(request.subjects);
  const titles = new Map<string, Promise<string | undefined>>();
  const titleOf = (jobId: string | undefined): Promise<string | undefined> => {
    if (!settings.jobLookup || !jobId) return Promise.resolve(undefined);
    // The job lookup is UNCONFIRMED; a failure only costs the title. One lookup per job, shared by the lanes.
    if (!titles.has(jobId)) titles.set(jobId, jobPace().then(() => client.getJobTitle(conn, jobId).catch(() => undefined)));
    return titles.get(jobId) as Promise<string | undefined>;
  };

  const perSubject = await mapConcurrently(subjects, settings.pollConcurrency, async (candidateId) => {
    let interviews: DingTalkInterview[];
    try {
      interviews = await client.queryInterviews(conn, candidateId, nowMs - settings.pollLookbackDays * DAY_MS, nowMs + settings.pollHorizonDays * DAY_MS, queryPace);
    } catch (e) {
      if (isConnectorError(e) && e.kind === 'NOT_FOUND') return { events: [], ahead: false, untracked: request.scope === 'sweep' && known.has(candidateId) };
      throw e;
    }
    const ahead = hasInterviewAhead(interviews, nowMs);
    const untracked = request.scope === 'sweep' && known.has(candidateId) && !settings.trackedCandidateIds.includes(candidateId) && !ahead;
    const events: VendorEvent[] = [];
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
    return { events, ahead, untracked };
  });
  // Read last: DingTalk removes what the failed-push list returns, so nothing may fail after it (README "Missed pushes").
  const recovered = request.scope === 'sweep' && recoversFailedPushes(settings) ? await readFailedPushes(client, conn, paceOf('GetCallBackFailedResult'), settings.failedPushMaxPages) : [];
  const events = [...perSubject.flatMap((r) => r.events), ...recovered];
  const untracked = subjects.filter((_, i) => perSubject[i].untracked);
  const ahead = new Set(subjects.filter((_, i) => perSubject[i].ahead));
  const next: DingTalkCursor = request.scope === 'subjects' ? cursor : { ...cursor, changes: request.now.toISOString(), ...(request.scope === 'sweep' ? { sweep: request.now.toISOString() } : {}) };
  return { events, cursor: request.scope === 'subjects' ? request.cursor : JSON.stringify(next), discovered: found.filter((id) => ahead.has(id) && !known.has(id) && !settings.trackedCandidateIds.includes(id)), untracked };
}

/** The failed-push list holds HTTP callbacks only: read it unless switched off or the connection takes Stream mode. */
function recoversFailedPushes(settings: DingTalkSettings): boolean {
  return settings.failedPushRecovery && settings.inbound === 'http';
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
export async function discoverCandidates(deps: DingTalkPollDeps, conn: Connection, fromMs: number, toMs: number, paceOf: (api: string) => Pace): Promise<string[]> {
  const settings: DingTalkSettings = resolveSettings(conn);
  if (!settings.discoverCandidates || !settings.opUserId) return [];
  const flowIds = await deps.client.searchFlows(conn, settings.opUserId, fromMs, toMs, paceOf('SearchFlow'));
  const infoPace = paceOf('GetFlowInfo');
  const perFlow = await mapConcurrently(flowIds, settings.pollConcurrency, async (flowId) => {
    let candidateId = deps.flows.get(conn, flowId);
    if (candidateId === undefined) {
      await infoPace();
      try {
        candidateId = (await deps.client.getFlowInfo(conn, flowId)).candidateId ?? null;
      } catch (e) {
        if (!(isConnectorError(e) && e.kind === 'NOT_FOUND')) throw e;
        candidateId = null;
      }
      deps.flows.set(conn, flowId, candidateId);
    }
    return candidateId;
  });
  return [...new Set(perFlow.filter((id): id is string => !!id))];
}
