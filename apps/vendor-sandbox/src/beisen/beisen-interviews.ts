import type { BeisenCall } from './beisen-call';
import { accepted, refused, type BeisenResult } from './beisen-envelope';
import { cancelInterview as markCancelled } from './beisen-tenant';

/** `Interview/GetInterviewsByApplyId {applyId}`: the apply's interviews (none for an unknown apply). */
export function getInterviewsByApplyId({ tenant, body }: BeisenCall): BeisenResult {
  if (typeof body.applyId !== 'string' || !body.applyId) return refused(400, 'applyId 必填');
  return accepted(tenant.interviews.filter((i) => i.applyId === body.applyId));
}

/** `Interview/GetInterviewsByDate {date}`: interviews whose startTime falls on that tenant-local date. */
export function getInterviewsByDate({ tenant, body }: BeisenCall): BeisenResult {
  const date = typeof body.date === 'string' ? body.date.trim().slice(0, 10) : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return refused(400, 'date 格式应为 yyyy-MM-dd');
  return accepted(tenant.interviews.filter((i) => i.startTime.startsWith(date)));
}

/** `Interview/CancelInterview {interviewId, reason}`: cancelled by the API user; a second cancel is refused. */
export function cancelInterview({ tenant, body, settings }: BeisenCall): BeisenResult {
  const interview = tenant.interviews.find((i) => i.interviewId === body.interviewId);
  if (!interview) return refused(400, '面试不存在');
  if (interview.status === 'Cancelled') return refused(400, '面试已取消，不能重复取消');
  const reason = typeof body.reason === 'string' ? body.reason : '';
  markCancelled(tenant, interview, reason, tenant.user, null, settings.interviewTouchesApply);
  return accepted(true);
}
