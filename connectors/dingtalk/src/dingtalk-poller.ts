import { isConnectorError, type Connection, type PollRequest, type PollResult, type VendorEvent } from '@hub/connector-sdk';
import type { DingTalkApiClient } from './dingtalk-api.client';
import { resolveSettings } from './dingtalk-settings';
import { INTERVIEW_CANCELLED_KIND, type DingTalkCancelledPayload } from './dingtalk.types';

const DAY_MS = 86_400_000;
/** Widest flow-search window the connector sends (the interview query's documented 30-day limit, kept here too). */
export const MAX_SEARCH_SPAN_MS = 30 * DAY_MS;

/** The inbox key of a poll-detected cancellation: one per interview, whatever poll saw it first. */
export function cancelledEventId(interviewId: string): string {
  return `interview:${interviewId}:cancelled`;
}

/**
 * Polls DingTalk for cancelled interviews. DingTalk documents no interview-cancelled push; the interview
 * query (which needs a candidateId) is the only source, so each subject is a DingTalk candidateId:
 * a targeted request's subjects only, else the request's subjects plus `settings.trackedCandidateIds`. Window: [now − lookback, now + horizon],
 * cut into ≤30-day slices by the client. A candidate DingTalk does not know is skipped.
 *
 * Discovery: an untargeted poll with `discoverCandidates` (default on) and an `opUserId` first searches the
 * flows modified in `[cursor | now − lookback, now]` (clamped to 30 days), reads each flow's info and polls its
 * candidate too; those not already among the request's subjects are returned as `discovered`.
 */
export async function pollDingTalk(client: DingTalkApiClient, conn: Connection, request: PollRequest): Promise<PollResult> {
  const settings = resolveSettings(conn);
  const nowMs = request.now.getTime();
  const found = request.targeted ? [] : await discoverCandidates(client, conn, request);
  const subjects = [...new Set(request.targeted ? request.subjects : [...request.subjects, ...settings.trackedCandidateIds, ...found])];
  const known = new Set(request.subjects);
  const discovered = found.filter((id) => !known.has(id));
  const from = nowMs - settings.pollLookbackDays * DAY_MS;
  const to = nowMs + settings.pollHorizonDays * DAY_MS;
  const titles = new Map<string, string | undefined>();
  const events: VendorEvent[] = [];

  const titleOf = async (jobId: string | undefined): Promise<string | undefined> => {
    if (!settings.jobLookup || !jobId) return undefined;
    if (!titles.has(jobId)) {
      // The job lookup is UNCONFIRMED; a failure only costs the title.
      titles.set(jobId, await client.getJobTitle(conn, jobId).catch(() => undefined));
    }
    return titles.get(jobId);
  };

  for (const candidateId of subjects) {
    let interviews;
    try {
      interviews = await client.queryInterviews(conn, candidateId, from, to);
    } catch (e) {
      if (isConnectorError(e) && e.kind === 'NOT_FOUND') continue;
      throw e;
    }
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
  return { events, cursor: request.now.toISOString(), discovered };
}

/** Windows overlap by this much: the cursor is the hub's clock, DingTalk's may lag it. Re-found candidates are harmless. */
export const CLOCK_SKEW_MARGIN_MS = 2 * 60_000;

/** Start of the flow-search window: the last untargeted poll's cursor less the skew margin, else now − lookback; never > 30 days back, never after now. */
export function discoveryWindowStart(cursor: string | undefined, nowMs: number, lookbackDays: number): number {
  const fromCursor = cursor ? Date.parse(cursor) - CLOCK_SKEW_MARGIN_MS : NaN;
  const from = Number.isFinite(fromCursor) ? fromCursor : nowMs - lookbackDays * DAY_MS;
  return Math.min(nowMs, Math.max(from, nowMs - MAX_SEARCH_SPAN_MS));
}

/**
 * Candidate ids of the flows modified since the last untargeted poll, in search order, de-duplicated. No
 * discovery (an empty list) when `discoverCandidates` is off or `opUserId` is unset (SearchFlow requires it).
 * A flow DingTalk no longer knows (404) or whose info has no candidateId is skipped; other errors fail the poll,
 * so the cursor does not move past an unsearched window.
 */
export async function discoverCandidates(client: DingTalkApiClient, conn: Connection, request: PollRequest): Promise<string[]> {
  const settings = resolveSettings(conn);
  if (!settings.discoverCandidates || !settings.opUserId) return [];
  const nowMs = request.now.getTime();
  const from = discoveryWindowStart(request.cursor, nowMs, settings.pollLookbackDays);
  const flowIds = await client.searchFlows(conn, settings.opUserId, from, nowMs);
  const infos = new Map<string, string | undefined>();
  const candidates = new Set<string>();
  for (const flowId of flowIds) {
    if (!infos.has(flowId)) {
      try {
        infos.set(flowId, (await client.getFlowInfo(conn, flowId)).candidateId);
      } catch (e) {
        if (!(isConnectorError(e) && e.kind === 'NOT_FOUND')) throw e;
        infos.set(flowId, undefined);
      }
    }
    const candidateId = infos.get(flowId);
    if (candidateId) candidates.add(candidateId);
  }
  return [...candidates];
}
