import { isConnectorError, type Connection, type LinkKind, type ResolvedLink, type ResolveHints } from '@hub/connector-sdk';
import type { DingTalkApiClient } from './dingtalk-api.client';
import type { DingTalkInterview } from './dingtalk.types';

const DAY_MS = 86_400_000;
/** How close a DingTalk interview's start must be to the event's scheduled start to be the same interview. */
export const SAME_START_TOLERANCE_MS = 60_000;

/** The DingTalk interview of `interviews` that starts within a minute of `startIso`, if exactly one does. */
export function interviewAt(interviews: DingTalkInterview[], startIso: string | undefined): DingTalkInterview | undefined {
  const start = startIso ? Date.parse(startIso) : NaN;
  if (Number.isNaN(start)) return undefined;
  const near = interviews.filter((i) => i.startTimeMillis !== undefined && Math.abs(i.startTimeMillis - start) <= SAME_START_TOLERANCE_MS);
  return near.length === 1 ? near[0] : undefined;
}

/**
 * Finds DingTalk's own record of something another system reported:
 * - `candidate`: by phone number (`GET /v1.0/ats/candidates?phoneNumber=`, spaces, dashes and a +86/0086 prefix
 *   before a mainland mobile number removed; DingTalk offers no lookup by email or name);
 * - `interview`: among the DingTalk candidate's interviews (`hints.candidateId`, resolved first), the one starting
 *   within a minute of `hints.scheduledStart`; its job is returned as the related `position`.
 */
export async function resolveDingTalk(client: DingTalkApiClient, kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
  if (kind === 'candidate') {
    const phone = hints.phone?.replace(/[\s-]/g, '').replace(/^(?:\+86|0086)(?=1\d{10}$)/, '');
    if (!phone) return undefined;
    const found = await client.getCandidateByPhone(conn, phone);
    return found ? { externalId: found.candidateId } : undefined;
  }
  if (kind === 'interview') {
    const start = hints.scheduledStart ? Date.parse(hints.scheduledStart) : NaN;
    if (!hints.candidateId || Number.isNaN(start)) return undefined;
    let interviews: DingTalkInterview[];
    try {
      interviews = await client.queryInterviews(conn, hints.candidateId, start - DAY_MS, start + DAY_MS);
    } catch (e) {
      if (isConnectorError(e) && e.kind === 'NOT_FOUND') return undefined;
      throw e;
    }
    const match = interviewAt(interviews, hints.scheduledStart);
    if (!match) return undefined;
    return { externalId: match.interviewId, ...(match.jobId ? { related: [{ kind: 'position', externalId: match.jobId }] } : {}) };
  }
  return undefined;
}
