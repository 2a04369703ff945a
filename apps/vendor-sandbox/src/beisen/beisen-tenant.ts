import { randomUUID } from 'node:crypto';
import { localTime, parseLocalTime, toLocalTime } from './beisen-time';
import type {
  BeisenApplicant,
  BeisenApply,
  BeisenAsyncError,
  BeisenAsyncRequest,
  BeisenInterview,
  BeisenInterviewSeed,
  BeisenProcess,
  BeisenTenantSeed,
  BeisenTransferError,
  BeisenUser,
} from './beisen.types';

export const DEFAULT_API_USER: BeisenUser = { userId: '900001', name: 'OpenAPI' };

/** One Beisen tenant's data; every API call works on the tenant its token names. */
export interface BeisenTenant {
  tenantId: string;
  appId: string;
  secret: string;
  user: BeisenUser;
  processes: BeisenProcess[];
  applicants: BeisenApplicant[];
  applies: BeisenApply[];
  interviews: BeisenInterview[];
  /** Members are a set (kept as a duplicate-free array). */
  talentPools: Record<string, { name: string; applicantIds: string[] }>;
  tags: Record<string, string[]>;
  cancels: Array<{ interviewId: string; reason: string; at: string }>;
  transfers: Array<{ applyId: string; phaseId: string; statusId: string; at: string }>;
  asyncRequests: BeisenAsyncRequest[];
  transferErrors: BeisenTransferError[];
  asyncErrors: BeisenAsyncError[];
}

export function tenantFromSeed(seed: BeisenTenantSeed): BeisenTenant {
  const clone = <T>(value: T): T => structuredClone(value);
  const tenant: BeisenTenant = {
    tenantId: String(seed.tenantId),
    appId: seed.appId,
    secret: seed.secret,
    user: seed.user ?? DEFAULT_API_USER,
    processes: clone(seed.processes ?? []),
    applicants: clone(seed.applicants ?? []),
    applies: (seed.applies ?? []).map((a) => ({ ...a, modifiedTime: a.modifiedTime ?? localTime() })),
    interviews: [],
    talentPools: Object.fromEntries((seed.talentPools ?? []).map((p) => [p.talentPoolId, { name: p.name, applicantIds: [...(p.applicantIds ?? [])] }])),
    tags: clone(seed.tags ?? {}),
    cancels: [],
    transfers: [],
    asyncRequests: [],
    transferErrors: [],
    asyncErrors: [],
  };
  for (const interview of seed.interviews ?? []) upsertInterview(tenant, interview, false);
  return tenant;
}

/** Stamps the apply's modifiedTime, so the next GetApplyListByModifiedTime poll sees it. */
export function touchApply(tenant: BeisenTenant, applyId: string, at = localTime()): void {
  const apply = tenant.applies.find((a) => a.applyId === applyId);
  if (apply) apply.modifiedTime = at;
}

/** Inserts or merges by interviewId; applicant and job default to the apply's. Throws a message when invalid. */
export function upsertInterview(tenant: BeisenTenant, input: BeisenInterviewSeed, touch: boolean): BeisenInterview {
  const apply = tenant.applies.find((a) => a.applyId === input.applyId);
  if (!apply) throw new Error(`apply ${input.applyId} 不存在`);
  const startTime = toLocalTime(input.startTime);
  if (!startTime) throw new Error('startTime must be epoch ms, local text yyyy-MM-dd HH:mm:ss or {dayOffset, time: "HH:mm"}');
  const endTime = input.endTime === undefined ? localTime((parseLocalTime(startTime) ?? 0) + 3_600_000) : toLocalTime(input.endTime);
  if (!endTime) throw new Error('endTime must be epoch ms, local text yyyy-MM-dd HH:mm:ss or {dayOffset, time: "HH:mm"}');
  const existing = input.interviewId ? tenant.interviews.find((i) => i.interviewId === input.interviewId) : undefined;
  const row: BeisenInterview = {
    interviewId: input.interviewId ?? randomUUID(),
    applicantId: apply.applicantId,
    jobId: apply.jobId,
    jobName: apply.jobName,
    status: 'Scheduled',
    cancelReason: null,
    cancelledBy: null,
    batchId: null,
    interviewers: [],
    round: 1,
    ...existing,
    ...input,
    startTime,
    endTime,
    modifiedTime: input.modifiedTime ?? localTime(),
  };
  if (existing) Object.assign(existing, row);
  else tenant.interviews.push(row);
  if (touch) touchApply(tenant, row.applyId, row.modifiedTime);
  return existing ?? row;
}

/** A cancellation, whether made through CancelInterview or by a recruiter in Beisen's UI. */
export function cancelInterview(tenant: BeisenTenant, interview: BeisenInterview, reason: string, by: BeisenUser, batchId: string | null, touch: boolean): void {
  const at = localTime();
  Object.assign(interview, { status: 'Cancelled', cancelReason: reason, cancelledBy: by, batchId, modifiedTime: at });
  tenant.cancels.push({ interviewId: interview.interviewId, reason, at });
  if (touch) touchApply(tenant, interview.applyId, at);
}

/** The process config, without the simulator's internals. */
export function findProcess(tenant: BeisenTenant, by: { processId?: unknown; code?: unknown }): BeisenProcess | undefined {
  return tenant.processes.find((p) => (by.processId !== undefined ? p.processId === by.processId : p.code === by.code));
}
