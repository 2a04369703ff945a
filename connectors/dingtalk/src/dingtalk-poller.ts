import { isConnectorError, type Connection, type PollRequest, type PollResult, type VendorEvent } from '@hub/connector-sdk';
import type { DingTalkApiClient } from './dingtalk-api.client';
import { resolveSettings } from './dingtalk-settings';
import { INTERVIEW_CANCELLED_KIND, type DingTalkCancelledPayload } from './dingtalk.types';

const DAY_MS = 86_400_000;

/** The inbox key of a poll-detected cancellation: one per interview, whatever poll saw it first. */
export function cancelledEventId(interviewId: string): string {
  return `interview:${interviewId}:cancelled`;
}

/**
 * Polls DingTalk for cancelled interviews. DingTalk documents no interview-cancelled push; the interview
 * query (which needs a candidateId) is the only source, so each subject is a DingTalk candidateId:
 * a targeted request's subjects only, else the request's subjects plus `settings.trackedCandidateIds`. Window: [now − lookback, now + horizon],
 * cut into ≤30-day slices by the client. A candidate DingTalk does not know is skipped.
 */
export async function pollDingTalk(client: DingTalkApiClient, conn: Connection, request: PollRequest): Promise<PollResult> {
  const settings = resolveSettings(conn);
  const nowMs = request.now.getTime();
  const subjects = [...new Set(request.targeted ? request.subjects : [...request.subjects, ...settings.trackedCandidateIds])];
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
  return { events, cursor: request.now.toISOString(), discovered: [] };
}
