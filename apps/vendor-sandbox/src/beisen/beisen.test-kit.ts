import { localTime, parseLocalTime } from './beisen-time';
import type { BeisenSeed, BeisenTenantSeed } from './beisen.types';

export const BEISEN_TENANT = '100001';
export const BEISEN_APP = { appId: 'beisen-hub-app', secret: 'beisen-secret-0123456789' };
export const BEISEN_USER = { userId: '900001', name: 'HR Connector Hub' };

/** Deterministic GUID-shaped ids: tenant, kind and number are readable in them. */
export function beisenGuid(tenantId: string, kind: number, n: number): string {
  return `${tenantId.padStart(8, '0')}-${String(kind).padStart(4, '0')}-4000-8000-${String(n).padStart(12, '0')}`;
}

/** The ids of a tenant built by `beisenTenant` (the default tenant: `BEISEN_IDS`). */
export function beisenIds(tenantId = BEISEN_TENANT) {
  return {
    process: beisenGuid(tenantId, 1, 1),
    processCode: 'SOCIAL',
    phaseInterview: beisenGuid(tenantId, 2, 1),
    statusPending: beisenGuid(tenantId, 3, 1),
    statusCancelled: beisenGuid(tenantId, 3, 2),
    phaseRejected: beisenGuid(tenantId, 2, 2),
    statusRejected: beisenGuid(tenantId, 3, 3),
    pool: beisenGuid(tenantId, 4, 1),
    applicant: (n: number) => beisenGuid(tenantId, 5, n),
    apply: (n: number) => beisenGuid(tenantId, 6, n),
    interview: (n: number) => beisenGuid(tenantId, 7, n),
  };
}
export const BEISEN_IDS = beisenIds();

export interface BeisenSeedOptions {
  /** Applicants, each with one apply and one interview; the first two interviews are cancelled in batch B-1. */
  applicants?: number;
  /** Extra applies of applicant 1 on 2026-11-29, two per second (ties ordered by applyId), for batch paging. */
  extraApplies?: number;
  appId?: string;
  secret?: string;
}

/** One tenant: process SOCIAL (面试: 待面试/面试取消; 淘汰: 已淘汰), pool 潜在候选人, applicants, applies, interviews. */
export function beisenTenant(tenantId = BEISEN_TENANT, options: BeisenSeedOptions = {}): BeisenTenantSeed {
  const ids = beisenIds(tenantId);
  const count = options.applicants ?? 3;
  const n = Array.from({ length: count }, (_, i) => i + 1);
  const base = parseLocalTime('2026-11-29 00:00:00') ?? 0;
  const extra = Array.from({ length: options.extraApplies ?? 0 }, (_, i) => ({
    applyId: ids.apply(1000 + i),
    applicantId: ids.applicant(1),
    jobId: 'job-2',
    jobName: '测试工程师',
    processId: ids.process,
    processPhaseId: ids.phaseInterview,
    processStatusId: ids.statusPending,
    modifiedTime: localTime(base + Math.floor(i / 2) * 1000),
  }));
  return {
    tenantId,
    appId: options.appId ?? BEISEN_APP.appId,
    secret: options.secret ?? BEISEN_APP.secret,
    user: BEISEN_USER,
    processes: [
      {
        processId: ids.process,
        code: ids.processCode,
        name: '社会招聘流程',
        phases: [
          { phaseId: ids.phaseInterview, code: 'Interview', name: '面试', statuses: [{ statusId: ids.statusPending, code: 'Pending', name: '待面试' }, { statusId: ids.statusCancelled, code: 'Cancelled', name: '面试取消' }] },
          { phaseId: ids.phaseRejected, code: 'Rejected', name: '淘汰', statuses: [{ statusId: ids.statusRejected, code: 'Rejected', name: '已淘汰' }] },
        ],
      },
    ],
    talentPools: [{ talentPoolId: ids.pool, name: '潜在候选人' }],
    applicants: n.map((i) => ({ applicantId: ids.applicant(i), candidateId: `C${String(206395 + i).padStart(8, '0')}`, name: `候选人${i}`, mobile: `1380013${String(8000 + i)}`, email: `c${i}@example.com` })),
    applies: [
      ...n.map((i) => ({
        applyId: ids.apply(i),
        applicantId: ids.applicant(i),
        jobId: 'job-1',
        jobName: '前端工程师',
        processId: ids.process,
        processPhaseId: ids.phaseInterview,
        processStatusId: i <= 2 ? ids.statusCancelled : ids.statusPending,
        modifiedTime: `2026-11-30 ${String(8 + i).padStart(2, '0')}:00:00`,
      })),
      ...extra,
    ],
    interviews: n.map((i) => ({
      interviewId: ids.interview(i),
      applyId: ids.apply(i),
      startTime: `2026-12-02 ${String(9 + i).padStart(2, '0')}:00:00`,
      interviewers: [{ userId: 'iv-1', name: '面试官甲' }],
      ...(i <= 2
        ? { status: 'Cancelled' as const, cancelReason: '岗位已关闭', cancelledBy: { userId: 'recruiter-1', name: '招聘专员' }, batchId: 'B-1' }
        : {}),
      modifiedTime: `2026-11-30 ${String(8 + i).padStart(2, '0')}:00:00`,
    })),
  };
}

export function beisenSeed(options: BeisenSeedOptions = {}): BeisenSeed {
  return { tenants: [beisenTenant(BEISEN_TENANT, options)] };
}

export interface BeisenAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

async function answer(res: Response): Promise<BeisenAnswer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, body, headers: res.headers };
}

/** A form POST to /OAuth/Token. */
export async function beisenTokenCall(base: string, form: Record<string, string>): Promise<BeisenAnswer> {
  return answer(await fetch(`${base}/OAuth/Token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }));
}

export async function beisenToken(base: string, tenantId = BEISEN_TENANT, app = BEISEN_APP): Promise<string> {
  const res = await beisenTokenCall(base, { grant_type: 'client_credentials', app_id: app.appId, secret: app.secret, tenant_id: tenantId });
  return res.body.access_token as string;
}

/** `POST /RecruitV6/api/v1/<api>` with a Bearer token (none when `token` is empty). */
export async function recruit(base: string, token: string, api: string, body: unknown = {}): Promise<BeisenAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return answer(await fetch(`${base}/RecruitV6/api/v1/${api}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

export async function beisenControl(base: string, path: string, body?: unknown): Promise<BeisenAnswer> {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return answer(await fetch(`${base}/_sandbox/${path}`, init));
}

/** Polls `check` until it answers true (or fails after `timeoutMs`): waits on a condition, never a blind sleep. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
