import { formatVendorTime } from './yonyou-bip-time';
import type { BipCancelRequest, BipCandidate } from './yonyou-bip.types';

/**
 * How the candidate APIs show a candidate (pure). Field names: [Y4] where the docs have them (`pubts`, `modifyTime`,
 * `applyId`, `recruitPostId`, the `interview` rounds with `interviewBeginTime` and `interviewScore[].interviewName`);
 * `ts`, `billstate`, `interviewId`, `interviewTime`, `interviewEndTime`, `positionId`, `positionName`, `interviewers`,
 * `cancelReason`, `cancelApplyId` stand for tenant custom fields (contract §4–5; the connector's `fields` defaults).
 */

/** The detail writes mobiles with the country code (`+86-13611106321` [Y4 detail example]); the list as stored. */
export function detailMobile(mobile: string): string {
  return mobile.startsWith('+') ? mobile : `+86-${mobile}`;
}

/** One `recordList` row of `hrcandidate/list`. */
export function candidateRow(c: BipCandidate, offset: string): Record<string, unknown> {
  const modified = formatVendorTime(c.modifiedAt, offset);
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    mobile: c.mobile,
    email: c.email,
    status: c.status,
    billstate: c.billstate,
    applyId: c.applyId,
    pubts: modified,
    ts: modified,
  };
}

/** `data` of `getGlobalCandidateDetail`. */
export function candidateDetail(c: BipCandidate, offset: string): Record<string, unknown> {
  const modified = formatVendorTime(c.modifiedAt, offset);
  const interview = c.interview;
  return {
    ...c.fields,
    id: c.id,
    code: c.code,
    name: c.name,
    mobile: detailMobile(c.mobile),
    email: c.email,
    status: c.status,
    billstate: c.billstate,
    applyId: c.applyId,
    pubts: modified,
    ts: modified,
    modifyTime: modified,
    interviewId: interview?.id,
    interviewTime: interview && formatVendorTime(interview.startMs, offset),
    interviewEndTime: interview && formatVendorTime(interview.endMs, offset),
    positionId: c.position?.id,
    positionName: c.position?.name,
    recruitPostId: c.position?.id,
    interviewers: c.interviewers,
    cancelReason: c.cancelReason,
    cancelApplyId: c.cancelApplyId,
    interview: interview
      ? [
          {
            id: interview.id,
            candidateId: c.id,
            interviewBeginTime: formatVendorTime(interview.startMs, offset),
            interviewEndTime: formatVendorTime(interview.endMs, offset),
            interviewPlace: interview.place,
            interviewType: interview.type,
            round: interview.round,
            interviewScore: c.interviewers.map((p, i) => ({ interviewExternalKey: p.id, interviewName: p.name, interviewEmail: p.email, isMain: i === 0 })),
          },
        ]
      : [],
  };
}

/** `data` of the approval-history API (contract §6, UNCONFIRMED endpoint). */
export function approvalTrail(request: BipCancelRequest, offset: string): Record<string, unknown> {
  return {
    id: request.id,
    candidateId: request.candidateId,
    reason: request.reason,
    requester: request.requester,
    requestTime: formatVendorTime(request.requestTime, offset),
    status: request.status,
    steps: request.steps.map((s) => ({
      level: s.level,
      approver: s.approver,
      action: s.action,
      time: formatVendorTime(s.time, offset),
      comment: s.comment,
    })),
  };
}
