import { ConnectorError, type NotifyRecipient } from '@hub/connector-sdk';
import { reasonLabelZh, type CancellationEvent, type ReasonCode } from '@hub/schema';
import type { ArchiveListVariant } from './dingtalk-settings';
import type { DingTalkInterview } from './dingtalk.types';

/** Most user ids one `asyncsend_v2` call accepts (doc asyncsend_v2). */
export const MAX_USERIDS_PER_MESSAGE = 100;

/** The DingTalk-side ids of one cancellation, resolved by the applier before building bodies. */
export interface DingTalkTarget {
  /** DingTalk candidateId, when the identity map knows it. */
  candidateId?: string;
  /** The interview as DingTalk returned it, when it could be found. */
  interview?: DingTalkInterview;
}

/** Reads `effect.params.status` (the connection's `mapping.statusValues.cancelled`) as the integer DingTalk expects. */
export function statusValue(paramsStatus: string | undefined): number {
  const raw = paramsStatus;
  if (raw === undefined || raw === '') {
    throw new ConnectorError('INVALID', 'no DingTalk status value: set mapping.statusValues.cancelled on the connection');
  }
  if (!/^-?\d+$/.test(raw.trim())) throw new ConnectorError('INVALID', `DingTalk status must be an integer, got "${raw}"`);
  return Number(raw.trim());
}

/** The DingTalk userIds of the interviewers: from the DingTalk interview, else from the event's identity map. */
export function interviewerUserIds(event: CancellationEvent, connectionId: string, target: DingTalkTarget): string[] {
  const fromVendor = (target.interview?.interviewers ?? []).map((i) => i.userId).filter((id): id is string => !!id);
  const fromEvent = event.interview.interviewers.map((p) => p.externalIds?.[connectionId]).filter((id): id is string => !!id);
  return [...new Set([...fromVendor, ...fromEvent])];
}

/** The text recorded in DingTalk's interview history for a cancellation. */
export function cancellationNote(event: CancellationEvent): string {
  const { reason, initiatedBy } = event.cancellation;
  const parts = [`面试已取消`, `取消时间: ${event.occurredAt}`, `原因: ${reasonLabelZh({ code: reason.code as ReasonCode, detail: reason.detail })}`];
  if (reason.text) parts.push(`说明: ${reason.text}`);
  parts.push(`发起方: ${initiatedBy.name ?? initiatedBy.type}`);
  return parts.join(' | ');
}

function epochMs(iso: string | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Body of `POST /v1.0/ats/ai/interview/interviewInfos/sync` for a cancelled interview, with one history
 * entry noting the cancellation and its reason. `variant` picks which generated SDK model to follow.
 */
export function buildArchiveBody(
  event: CancellationEvent,
  connectionId: string,
  target: DingTalkTarget,
  options: { isvId: string; variant: ArchiveListVariant },
): Record<string, unknown> {
  const interviewId = target.interview?.interviewId ?? event.interview.externalIds[connectionId] ?? event.interview.key;
  const candidateId = target.candidateId ?? event.candidate.hubId ?? Object.values(event.candidate.externalIds)[0] ?? event.id;
  const viewers = interviewerUserIds(event, connectionId, target);
  const note = cancellationNote(event);
  const round = String(event.interview.round ?? 1);
  const person = { name: event.candidate.name, ...(event.candidate.phone ? { phone: event.candidate.phone } : {}) };
  const history =
    options.variant === 'candidateInfoVOList'
      ? {
          historyInterviewId: interviewId,
          historyInterviewRounds: round,
          canViewUserIdList: viewers,
          aiInterviewHistoryEvaluationContentList: [{ historyInterviewContent: note, ...(viewers[0] ? { interviewerUserId: viewers[0] } : {}) }],
        }
      : {
          historyInterviewId: interviewId,
          interviewRounds: round,
          canViewUserIdList: viewers,
          evaluation: note,
          historyInterviewResult: 'cancelled',
          ...(event.interview.interviewers[0]?.name ? { interviewerName: event.interview.interviewers[0].name } : {}),
        };
  const people =
    options.variant === 'candidateInfoVOList'
      ? { candidateInfoVOList: [{ bizCandidateId: candidateId, ...person, historyInterviewInfoVOList: [history] }] }
      : { intervieweeInfoVOList: [{ bizIntervieweeId: candidateId, ...person, historyInterviewInfoVOList: [history] }] };
  const start = target.interview?.startTimeMillis ?? epochMs(event.interview.scheduledStart);
  const end = target.interview?.endTimeMillis ?? epochMs(event.interview.scheduledEnd);
  const interviewers = event.interview.interviewers
    .map((p) => ({ id: p.externalIds?.[connectionId], name: p.name }))
    .filter((p): p is { id: string; name: string | undefined } => !!p.id)
    .map((p) => (p.name ? { id: p.id, name: p.name } : { id: p.id }));
  return {
    isvId: options.isvId,
    interviewId,
    interviewType: event.interview.kind,
    ...(start !== undefined ? { interviewStartTime: start } : {}),
    ...(end !== undefined ? { interviewEndTime: end } : {}),
    ...people,
    interviewerInfoVOList: interviewers,
    jobContentVO: { jobName: event.interview.position.title },
  };
}

/** One `asyncsend_v2` call to make. */
export interface NotificationBatch {
  content: string;
  userIds: string[];
}

/** The calls to make for a set of recipients, and who DingTalk cannot reach and why. */
export interface NotificationPlan {
  batches: NotificationBatch[];
  unreachable: { who: string; why: string }[];
}

function describe(r: NotifyRecipient): string {
  return `${r.name ?? r.externalId ?? 'unnamed'} (${r.role})`;
}

/**
 * Groups recipients by message body into work-notification calls. Only org members with a DingTalk userId
 * (interviewers, recruiters) on the `dingtalk` channel can be reached; candidates are not org members.
 */
export function planNotifications(recipients: NotifyRecipient[]): NotificationPlan {
  const byContent = new Map<string, Set<string>>();
  const unreachable: NotificationPlan['unreachable'] = [];
  for (const r of recipients) {
    if (r.channel !== 'dingtalk') unreachable.push({ who: describe(r), why: `channel "${r.channel}" is not DingTalk` });
    else if (r.role === 'candidate') unreachable.push({ who: describe(r), why: 'candidates are not DingTalk organisation members' });
    else if (!r.externalId) unreachable.push({ who: describe(r), why: 'no DingTalk userId' });
    else if (!r.body.trim()) unreachable.push({ who: describe(r), why: 'empty message body' });
    else {
      const set = byContent.get(r.body) ?? new Set<string>();
      set.add(r.externalId);
      byContent.set(r.body, set);
    }
  }
  const batches: NotificationBatch[] = [];
  for (const [content, ids] of byContent) {
    const all = [...ids];
    for (let i = 0; i < all.length; i += MAX_USERIDS_PER_MESSAGE) batches.push({ content, userIds: all.slice(i, i + MAX_USERIDS_PER_MESSAGE) });
  }
  return { batches, unreachable };
}
