import { record, text } from '@hub/connector-sdk';
import { fromBeisenTime } from './beisen-time';

/** An application (apply) read from either form GetApplyListByApplyId answers (README "Applies"). */
export interface BeisenApply {
  applyId: string;
  applicantId?: string;
  candidateId?: string;
  name?: string;
  mobile?: string;
  email?: string;
  jobId?: string;
  jobName?: string;
  processId?: string;
  phaseId?: string;
  statusId?: string;
}

/**
 * Reads an apply in the nested form (`applicantLite`, `jobLite`; Beisen's `*Lite` objects) or the flat form (the same
 * fields at top level) [B2]: the nested value wins where both are present.
 */
export function readApply(v: unknown): BeisenApply | undefined {
  const r = record(v);
  const applyId = text(r?.applyId);
  if (!r || !applyId) return undefined;
  const person = record(r.applicantLite) ?? record(r.applicant) ?? {};
  const job = record(r.jobLite) ?? record(r.job) ?? {};
  const pick = (nested: Record<string, unknown>, ...keys: string[]) => keys.map((k) => text(nested[k]) ?? text(r[k])).find((x) => x !== undefined);
  return {
    applyId,
    applicantId: pick(person, 'applicantId'),
    candidateId: pick(person, 'candidateId'),
    name: pick(person, 'name'),
    mobile: pick(person, 'mobile', 'phone'),
    email: pick(person, 'email'),
    jobId: pick(job, 'jobId'),
    // A flat apply's `name` is the applicant's: the job's name is only ever `jobName` there.
    jobName: text(job.jobName) ?? text(job.name) ?? text(r.jobName),
    processId: text(r.processId),
    phaseId: text(r.processPhaseId),
    statusId: text(r.processStatusId),
  };
}

/** An interview as GetInterviewsByApplyId / GetInterviewsByDate answer it (field names UNCONFIRMED, README "Interviews"). */
export interface BeisenInterview {
  interviewId: string;
  applyId?: string;
  applicantId?: string;
  jobId?: string;
  jobName?: string;
  start?: number;
  end?: number;
  status: string;
  reason?: string;
  cancelledBy?: { id?: string; name?: string };
  batchId?: string;
  round?: number;
  interviewers: { id?: string; name?: string }[];
  modified?: string;
  raw: Record<string, unknown>;
}

export function readInterview(v: unknown, offsetMinutes: number): BeisenInterview | undefined {
  const r = record(v);
  const interviewId = text(r?.interviewId);
  if (!r || !interviewId) return undefined;
  const by = record(r.cancelledBy);
  const round = Number(r.round);
  return {
    interviewId,
    applyId: text(r.applyId),
    applicantId: text(r.applicantId),
    jobId: text(r.jobId),
    jobName: text(r.jobName),
    start: fromBeisenTime(r.startTime, offsetMinutes),
    end: fromBeisenTime(r.endTime, offsetMinutes),
    status: text(r.status) ?? '',
    reason: text(r.cancelReason),
    ...(by ? { cancelledBy: { id: text(by.userId), name: text(by.name) } } : {}),
    batchId: text(r.batchId),
    ...(Number.isFinite(round) && round > 0 ? { round } : {}),
    interviewers: (Array.isArray(r.interviewers) ? r.interviewers : []).map((i) => record(i) ?? {}).map((i) => ({ id: text(i.userId), name: text(i.name) })),
    modified: text(r.modifiedTime),
    raw: r,
  };
}
