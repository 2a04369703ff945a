import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BeisenTenantSeed } from '../../apps/vendor-sandbox/src/beisen/beisen.types';
import { BEISEN_API_KEY, BEISEN_CONNECTION, BEISEN_TENANT, params, runPhone } from './bench-params';
import type { Origin } from './e2e-phase';
import { JsonClient } from './http-client';
import { BEISEN_VENDOR } from './sandbox-counts';

/**
 * The Beisen side of the bench, where Beisen is the TARGET: its own tenant with the Beisen connection `beisen-main`
 * against the sandbox's Beisen simulator (its default rate limits left on: 20/s + 1,000/min per list API, 50/s +
 * 1,500/min TransferPhase, 20/s per write API), the simulator seeded with one Beisen tenant holding one applicant
 * (unique phone), apply and scheduled interview per cancellation, and the cancellations made through the hub's own
 * API (POST /v1/cancellations): interview id and start, candidate name and phone, as a one-click cancel sends them.
 * The hub then finds the applicant by phone (candidateSearch) and the apply through the day's interviews
 * (GetInterviewsByDate), and writes candidateStatus (TransferPhase, batched), archiveInterview (CancelInterview),
 * tagTalentPool (TalentPool/AddTags) and moveToTalentPool (TalentPool/AddApplicants).
 */

/** The simulator's Beisen tenant of the scenario (a Beisen tenant of the demo seed, if any, keeps its own id). */
export const BEISEN_SIM_TENANT = '300001';
const APP = { appId: 'bench-beisen-app', secret: 'bench-beisen-secret-0123456789' };
const POOL = '潜在候选人';
const REASON = { code: 'position_changed', detail: 'hiring_paused', text: '岗位暂停' } as const;
/** Beisen's recruiting times are tenant-local text without a zone (the connector's default utcOffsetMinutes 480). */
const OFFSET_MS = 480 * 60_000;
const beisenTime = (ms: number): string => new Date(ms + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
/** The same instant as ISO 8601 at +08:00, as the hub's API takes it. */
const isoAt8 = (ms: number): string => `${beisenTime(ms).replace(' ', 'T')}+08:00`;

/** GUID-shaped ids of the run: 8 hex digits of the run tag, the kind and the number readable. */
function guid(runTag: string, kind: number, n: number): string {
  const tag = createHash('sha256').update(runTag).digest('hex').slice(0, 8);
  return `${tag}-${String(kind).padStart(4, '0')}-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Process, phases, statuses and pool of the run's Beisen tenant. */
export function beisenIds(runTag: string) {
  return {
    process: guid(runTag, 1, 1),
    phaseInterview: guid(runTag, 2, 1),
    statusPending: guid(runTag, 3, 1),
    statusCancelled: guid(runTag, 3, 2),
    pool: guid(runTag, 4, 1),
  };
}

/** One applicant of the scenario with its apply and scheduled interview, and what the API request says of them. */
export interface BeisenSpec {
  applicantId: string;
  applyId: string;
  interviewId: string;
  name: string;
  phone: string;
  jobId: string;
  jobName: string;
  startMs: number;
}

/** `n` applicants: phones 158… unique in the run, interviews 4 days ahead one minute apart (distinct start times). */
export function beisenSpecs(runTag: string, n: number): BeisenSpec[] {
  const start = Math.ceil((Date.now() + 4 * 86_400_000) / 60_000) * 60_000;
  return Array.from({ length: n }, (_, i) => ({
    applicantId: guid(runTag, 5, i + 1),
    applyId: guid(runTag, 6, i + 1),
    interviewId: guid(runTag, 7, i + 1),
    name: `北森压测候选人${String(i + 1).padStart(4, '0')}`,
    phone: runPhone('158', runTag, i),
    jobId: i % 2 ? 'bs-job-frontend' : 'bs-job-sales',
    jobName: i % 2 ? '前端工程师' : '销售经理',
    startMs: start + i * 60_000,
  }));
}

/**
 * The simulator's tenant: process SOCIAL (面试: 待面试/面试取消), pool 潜在候选人, and per spec an applicant, an apply
 * at 面试/待面试 and a scheduled interview, all last modified three days back (the hub's first poll looks back 24 hours,
 * so it finds none of them). No settings: the simulator's default limits apply.
 */
export function beisenTenantSeed(runTag: string, specs: BeisenSpec[]): BeisenTenantSeed {
  const ids = beisenIds(runTag);
  const booked = beisenTime(Date.now() - 3 * 86_400_000);
  return {
    tenantId: BEISEN_SIM_TENANT,
    appId: APP.appId,
    secret: APP.secret,
    user: { userId: '900001', name: 'HR Connector Hub' },
    processes: [
      {
        processId: ids.process,
        code: 'SOCIAL',
        name: '社会招聘流程',
        phases: [{ phaseId: ids.phaseInterview, code: 'Interview', name: '面试', statuses: [{ statusId: ids.statusPending, code: 'Pending', name: '待面试' }, { statusId: ids.statusCancelled, code: 'Cancelled', name: '面试取消' }] }],
      },
    ],
    talentPools: [{ talentPoolId: ids.pool, name: POOL }],
    applicants: specs.map((s, i) => ({ applicantId: s.applicantId, candidateId: `C${String(700000 + i + 1).padStart(8, '0')}`, name: s.name, mobile: s.phone, email: `bs-${i + 1}@bench.example.com` })),
    applies: specs.map((s) => ({ applyId: s.applyId, applicantId: s.applicantId, jobId: s.jobId, jobName: s.jobName, processId: ids.process, processPhaseId: ids.phaseInterview, processStatusId: ids.statusPending, modifiedTime: booked })),
    interviews: specs.map((s) => ({ interviewId: s.interviewId, applyId: s.applyId, startTime: beisenTime(s.startMs), interviewers: [{ userId: 'bs-user-liuyang', name: '刘洋' }], modifiedTime: booked })),
  };
}

/**
 * Writes the Beisen tenant (tenants/bench-beisen.yaml of the bench's config copy): `beisen-main` with the settings of
 * the connector's README (process, statuses, talentPool pools, candidateSearch), the four effects Beisen applies, the
 * hub's default poll interval (it only reads back the hub's own writes, which it suppresses as echoes), and policies
 * with tags and the pool 潜在候选人.
 */
export function writeBeisenTenant(configDir: string, sandboxUrl: string, runTag: string): void {
  const ids = beisenIds(runTag);
  const tenant = {
    id: BEISEN_TENANT,
    name: '北森压测租户',
    timezone: '+08:00',
    apiKeys: [{ name: 'bench', key: BEISEN_API_KEY }],
    connections: [
      {
        id: BEISEN_CONNECTION,
        connector: 'beisen',
        credentials: { appId: APP.appId, secret: APP.secret, tenantId: BEISEN_SIM_TENANT },
        settings: {
          baseUrl: sandboxUrl,
          process: { id: ids.process },
          statuses: { 面试取消: { phaseId: ids.phaseInterview, statusId: ids.statusCancelled } },
          talentPool: { addPath: 'TalentPool/AddApplicants', tagPath: 'TalentPool/AddTags', pools: { [POOL]: ids.pool } },
          candidateSearch: { path: 'Applicant/GetApplicantListByContact' },
          interview: { cancelledStatuses: ['Cancelled'] },
          utcOffsetMinutes: 480,
        },
        mapping: { reasons: { [REASON.text]: { code: REASON.code, detail: REASON.detail } }, defaultReason: { code: 'other' }, interviewKind: 'onsite', statusValues: { cancelled: '面试取消' } },
        effects: ['candidateStatus', 'archiveInterview', 'tagTalentPool', 'moveToTalentPool'],
      },
    ],
    policies: { tags: ['{year}年{month}月取消面试-岗位:{position}', '原因:{reason}'], talentPool: POOL },
  };
  writeFileSync(join(configDir, 'tenants', `${BEISEN_TENANT}.yaml`), JSON.stringify(tenant, null, 2)); // JSON is YAML
}

/** The one-click cancel of one spec's interview, as a recruiter's tool posts it. */
function cancellationRequest(s: BeisenSpec) {
  return {
    interview: {
      connectionId: BEISEN_CONNECTION,
      externalId: s.interviewId,
      kind: 'onsite',
      scheduledStart: isoAt8(s.startMs),
      position: { id: s.jobId, title: s.jobName },
      interviewers: [{ externalId: 'bs-user-liuyang', name: '刘洋' }],
    },
    candidate: { name: s.name, phone: s.phone },
    reason: REASON,
    initiatedBy: { type: 'recruiter', name: '陈静' },
  };
}

/**
 * Where the scenario's cancellations start: POST /v1/cancellations with the tenant's API key (an Idempotency-Key per
 * interview). Traces are keyed by the Beisen interview id (the event's `externalIds['beisen-main']`). A post not
 * answered 202 makes no cancellation: it fails the phase at once. `close()` ends the client's sockets.
 */
export function beisenApiOrigin(hubUrl: string, specs: BeisenSpec[]): Origin & { close(): void } {
  const client = new JsonClient(hubUrl, { authorization: `Bearer ${BEISEN_API_KEY}` }, params.cancelConcurrency);
  const byInterview = new Map(specs.map((s) => [s.interviewId, s]));
  return {
    connection: BEISEN_CONNECTION,
    vendor: 'API',
    recordVendor: BEISEN_VENDOR,
    ackStage: 'POST /v1/cancellations answered 202',
    async cancel(_e, trace) {
      const spec = byInterview.get(trace.interviewId);
      if (!spec) throw new Error(`no Beisen spec for interview ${trace.interviewId}`);
      trace.sentAt = Date.now();
      const res = await client.call('POST', '/v1/cancellations', cancellationRequest(spec), { 'idempotency-key': `bench-beisen-${spec.interviewId}` });
      trace.ackAt = Date.now();
      trace.pushDurationMs = trace.ackAt - trace.sentAt;
      trace.pushReplyValid = res.status === 202;
      if (!trace.pushReplyValid) throw new Error(`POST /v1/cancellations for Beisen interview ${spec.interviewId} answered HTTP ${res.status}: ${res.text.slice(0, 300)}`);
    },
    close: () => client.close(),
  };
}
