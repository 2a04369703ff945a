import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { K3Seed } from '../../apps/vendor-sandbox/src/kingdee/k3/kingdee-k3.types';
import type { Env } from './bench-env';
import { KINGDEE_API_KEY, KINGDEE_CONNECTION, KINGDEE_TENANT, log, params } from './bench-params';
import type { Origin } from './e2e-phase';
import { mapLimit, sleep } from './http-client';
import type { Trace } from './pipeline-stats';
import { K3_VENDOR } from './sandbox-counts';

/**
 * The Kingdee-origin side of the bench: its own tenant with the K/3 Cloud connection `kingdee-main` against the
 * sandbox's K/3 simulator, the simulator seeded with scheduled interviews and their candidates, and cancellations as a
 * K/3 user makes them: many interviews at once, with one reason and one batch id (FBatchId) per batch.
 */

const K3 = '/_sandbox/kingdee/k3';
/** The connector's default forms (connectors/kingdee/K3.md "Configuration"). */
export const K3_FORMS = { interview: 'PAEZ_Interview', candidate: 'PAEZ_Candidate', talentPool: 'PAEZ_TalentPool', followUp: 'PAEZ_FollowUp', archive: 'PAEZ_InterviewArchive' };
const ACCOUNT = { acctId: 'bench-acct', user: 'hub', appId: '246810_benchK3app', appSecret: 'bench-k3-app-secret-0123456789' };
/** K/3 datetimes are the server's local time without a zone (the connector's default utcOffsetMinutes 480). */
const k3Time = (ms: number): string => new Date(ms + 480 * 60_000).toISOString().slice(0, 19).replace('T', ' ');
/** The reasons batches take in turn, and the canonical reason each maps to in the tenant. */
const REASONS = [
  { value: '岗位暂停', code: 'position_changed', detail: 'hiring_paused' },
  { value: '候选人已接受其他offer', code: 'candidate_withdrew', detail: 'other_offer' },
  { value: '编制缩减', code: 'position_changed', detail: 'headcount_reduced' },
] as const;

/** Interview ids (K/3 FNumber) of the run: `KIV-<run>-00001`…; each has its own candidate `KC-<run>-00001`. */
export function kingdeeIds(runTag: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `KIV-${runTag}-${String(i + 1).padStart(5, '0')}`);
}

export const kingdeeCandidateOf = (interviewId: string): string => interviewId.replace(/^KIV-/, 'KC-');

/**
 * The simulator's seed: the hub's account, one scheduled interview per id (modified three days back, so the first
 * poll's 24-hour look-back does not see them) and its candidate (phone 157…, unique in the run), empty talent-pool,
 * follow-up and archive forms keyed by the hub's key field.
 */
export function kingdeeSeed(ids: string[], runTag: string): K3Seed {
  const booked = k3Time(Date.now() - 3 * 86_400_000);
  const start = Math.ceil((Date.now() + 4 * 86_400_000) / 60_000) * 60_000;
  const tag = runTag.slice(-3).replace(/\D/g, '0').padStart(3, '0');
  return {
    accounts: [ACCOUNT],
    forms: {
      [K3_FORMS.interview]: {
        keyField: 'FNumber',
        rows: ids.map((id, i) => ({ FNumber: id, FCandidateNumber: kingdeeCandidateOf(id), FCandidateName: `金蝶压测候选人${i + 1}`, FStatus: 'SCHEDULED', FReason: '', FBatchId: '', FScheduledStart: k3Time(start + (i % 10_080) * 60_000), FModifyDate: booked })),
      },
      [K3_FORMS.candidate]: {
        keyField: 'FNumber',
        rows: ids.map((id, i) => ({ FNumber: kingdeeCandidateOf(id), FName: `金蝶压测候选人${i + 1}`, FPhone: `157${tag}${String(i).padStart(5, '0')}`, FEmail: `${kingdeeCandidateOf(id).toLowerCase()}@bench.example.com`, FStatus: '面试待筛选' })),
      },
      [K3_FORMS.talentPool]: { keyField: 'FHubKey', rows: [] },
      [K3_FORMS.followUp]: { keyField: 'FHubKey', rows: [] },
      [K3_FORMS.archive]: { keyField: 'FHubKey', rows: [] },
    },
  };
}

/**
 * Writes the Kingdee tenant (tenants/bench-kingdee.yaml of the bench's config copy): `kingdee-main` with the
 * connector's default forms, `effects: []` (it is measured as an origin; no other connection of its tenant makes it
 * a target anyway), `originEffects: [moveToTalentPool, followUpReminder]`, which the hub applies in K/3 itself
 * for a cancellation that starts there, and its own `pollIntervalSeconds` (K/3 has no push; the other tenants keep
 * the hub's 300 s).
 */
export function writeKingdeeTenant(configDir: string, sandboxUrl: string): void {
  const tenant = {
    id: KINGDEE_TENANT,
    name: '金蝶压测租户',
    timezone: '+08:00',
    apiKeys: [{ name: 'bench', key: KINGDEE_API_KEY }],
    connections: [
      {
        id: KINGDEE_CONNECTION,
        connector: 'kingdee',
        credentials: ACCOUNT,
        settings: { serverUrl: `${sandboxUrl}/K3Cloud`, loginMode: 'sign' },
        mapping: { reasons: Object.fromEntries(REASONS.map((r) => [r.value, { code: r.code, detail: r.detail }])), defaultReason: { code: 'other' }, interviewKind: 'ai_cloud' },
        effects: [],
        originEffects: ['moveToTalentPool', 'followUpReminder'],
        pollIntervalSeconds: params.kingdeePollSeconds,
      },
    ],
    policies: { talentPool: '潜在候选人' },
  };
  writeFileSync(join(configDir, 'tenants', `${KINGDEE_TENANT}.yaml`), JSON.stringify(tenant, null, 2)); // JSON is YAML
}

/**
 * Cancels the traces' interviews in K/3 as one batch: one `POST /_sandbox/kingdee/k3/rows` merging status CANCELLED,
 * the batch's reason and id, and the modification time into their rows (keyed by FNumber). `sentAt` is just before
 * the call (when K/3 cancels), `ackAt` when it returned.
 */
async function cancelBatch(e: Env, traces: Trace[], batchId: string, reasonIndex: number): Promise<void> {
  const reason = REASONS[reasonIndex % REASONS.length].value;
  const sentAt = Date.now();
  const rows = traces.map((t) => ({ FNumber: t.interviewId, FStatus: 'CANCELLED', FReason: reason, FBatchId: batchId, FModifyDate: k3Time(sentAt) }));
  await e.sb.ok('POST', `${K3}/rows`, { formId: K3_FORMS.interview, keyField: 'FNumber', rows });
  const ackAt = Date.now();
  for (const t of traces) Object.assign(t, { sentAt, ackAt });
}

/** K/3 Cloud: an interview cancelled alone (a batch of one); the scenario itself uses `cancelInBatches`. */
export const KINGDEE: Origin = {
  connection: KINGDEE_CONNECTION,
  vendor: 'K/3 Cloud',
  recordVendor: K3_VENDOR,
  ackStage: 'batch stored in K/3 (rows call returns)',
  cancel: (e, trace) => cancelBatch(e, [trace], `KB-${trace.interviewId}`, 0),
};

/**
 * The scenario's cancellations: batches of BENCH_KINGDEE_BATCH interviews (one reason and batch id each), started at
 * BENCH_KINGDEE_RATE batches/s or, with 0, all at once (≤ BENCH_CANCEL_CONCURRENCY inserts in flight). Returns the
 * batches per second achieved (first start to last `sentAt`) when a rate was set (all at once has no rate to compare).
 */
export async function cancelInBatches(e: Env, traces: Trace[], runTag: string, label: string): Promise<number> {
  const size = params.kingdeeBatch;
  const rate = params.kingdeeRate;
  const batches = Array.from({ length: Math.ceil(traces.length / size) }, (_, i) => traces.slice(i * size, (i + 1) * size));
  const t0 = Date.now();
  let last = t0;
  await mapLimit(batches, params.cancelConcurrency, async (batch, i) => {
    if (rate) {
      const due = t0 + (i * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await cancelBatch(e, batch, `KB-${runTag}-${String(i + 1).padStart(4, '0')}`, i);
    last = Math.max(last, batch[0].sentAt);
  });
  const achieved = batches.length > 1 ? (batches.length - 1) / ((last - t0) / 1000) : NaN;
  log(`${label}: ${traces.length} interviews cancelled in K/3 in ${batches.length} batches in ${((Date.now() - t0) / 1000).toFixed(2)} s (${achieved.toFixed(1)} batches/s)`);
  return rate ? achieved : NaN;
}
