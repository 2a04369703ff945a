import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { SandboxSeed } from '../../apps/vendor-sandbox/src/sandbox-options';
import type { BipCandidateSeed } from '../../apps/vendor-sandbox/src/yonyou/bip/yonyou-bip.types';
import type { InterviewSpec } from './bench-env';
import { CONNECTION, TENANT, YONYOU_CONNECTION, log, runPhone } from './bench-params';
import { recordPushes, type Origin, type PushAnswer } from './e2e-phase';
import { mapLimit, type JsonClient } from './http-client';
import { YONBIP_VENDOR } from './sandbox-counts';

/**
 * The Yonyou-origin side of the bench: the bench tenant, the YonBIP simulator pointed at the hub, pairs of a YonBIP
 * candidate and a DingTalk interview of the same person, and a cancellation as YonBIP makes one (面试取消申请 approved
 * at its last level, which pushes the event-center call to the hub).
 */

const BIP = '/_sandbox/yonyou/bip';

interface TenantFile {
  connections: Array<{ id: string; effects?: string[] }>;
  identity?: { candidates?: Array<{ ids: Record<string, string> }> };
}

/**
 * Cuts the demo tenant of the bench's config copy down to the bench tenant: DingTalk (`dingtalk-main`) and YonBIP
 * (`yonyou-main`) only, YonBIP with `effects: []`. YonBIP is measured as an origin; as a target it would add writes to
 * every DingTalk cancellation, and the DingTalk burst would no longer measure what earlier runs recorded.
 */
export function benchTenant(configDir: string): void {
  const file = join(configDir, 'tenants', `${TENANT}.yaml`);
  const tenant = parseDocument(readFileSync(file, 'utf8')).toJS() as TenantFile;
  const keep = [CONNECTION, YONYOU_CONNECTION];
  tenant.connections = tenant.connections.filter((c) => keep.includes(c.id)).map((c) => (c.id === YONYOU_CONNECTION ? { ...c, effects: [] } : c));
  if (tenant.connections.length !== keep.length) throw new Error(`the demo tenant lacks one of ${keep.join(', ')}`);
  for (const row of tenant.identity?.candidates ?? []) {
    for (const conn of Object.keys(row.ids)) if (!keep.includes(conn)) delete row.ids[conn];
  }
  writeFileSync(file, JSON.stringify(tenant, null, 2)); // JSON is YAML; `${env:…}` strings stay as they are
}

/** Points the seed's YonBIP tenant (open-platform push and event-center call) at the hub and checks the handshake. */
export async function pointYonbipAt(sb: JsonClient, seed: SandboxSeed, hubUrl: string): Promise<void> {
  const tenant = seed.yonyou?.bip?.tenants?.[0];
  if (!tenant?.push) throw new Error('the demo seed has no YonBIP tenant with a push URL');
  const url = `${hubUrl}/webhooks/${TENANT}/${YONYOU_CONNECTION}`;
  await sb.ok('POST', `${BIP}/tenants`, { ...tenant, push: { ...tenant.push, url } });
  const check = await sb.ok<PushAnswer>('POST', `${BIP}/push`, { type: 'CHECK_URL' });
  if (!check.replyValid) throw new Error(`YonBIP CHECK_URL with the hub failed: ${JSON.stringify(check)}`);
  log(`YonBIP tenant ${tenant.tenantId} now pushes to ${url} (event center: ?channel=event-center; CHECK_URL answered correctly)`);
}

/** YonBIP's candidate of a pair, from its interview id (`bip-iv-…` → `bip-cand-…`). */
const bipCandidateOf = (interviewId: string): string => interviewId.replace(/^bip-iv-/, 'bip-cand-');

/**
 * One pair per YonBIP interview id: a YonBIP candidate with that interview and a DingTalk interview (its own candidate)
 * with the same phone (156…) and the same start (whole minutes, 3–10 days ahead), so that the hub finds DingTalk's
 * candidate by phone and its interview by start time.
 */
export function yonyouPairs(ids: string[], runTag: string, bookedAt: number): { dingtalk: InterviewSpec[]; bip: BipCandidateSeed[] } {
  const start = Math.ceil((Date.now() + 3 * 86_400_000) / 60_000) * 60_000;
  const dingtalk: InterviewSpec[] = [];
  const bip: BipCandidateSeed[] = [];
  ids.forEach((bipInterviewId, i) => {
    const name = `用友压测候选人${String(i + 1).padStart(4, '0')}`;
    const phone = runPhone('156', runTag, i);
    const startTimeMillis = start + (i % 10_080) * 60_000;
    const sales = i % 2 === 0;
    const dingtalkId = bipInterviewId.replace(/^bip-iv-/, 'iv-');
    dingtalk.push({ interviewId: dingtalkId, candidateId: dingtalkId.replace(/^iv-/, 'cand-'), name, phone, jobId: sales ? 'job-sales-mgr' : 'job-frontend', startTimeMillis });
    bip.push({
      id: bipCandidateOf(bipInterviewId),
      name,
      mobile: phone,
      status: '8',
      modifiedAt: bookedAt,
      interview: { id: bipInterviewId, start: startTimeMillis, durationMinutes: 30, type: '初试', round: 1 },
      position: sales ? { id: 'post-sales-mgr', name: '销售经理' } : { id: 'post-frontend', name: '前端工程师' },
      interviewers: [
        { id: 'mgr-liuyang', name: '刘洋' },
        { id: 'hr-chenjing', name: '陈静' },
      ],
    });
  });
  return { dingtalk, bip };
}

export async function createBipCandidates(sb: JsonClient, candidates: BipCandidateSeed[]): Promise<void> {
  await mapLimit(candidates, 16, (c) => sb.ok('POST', `${BIP}/candidates`, c));
}

interface CancelRequest {
  id: string;
  levels: number;
}

/**
 * YonBIP: a 面试取消申请 for the pair's candidate, agreed at every level. The last agreement is when YonBIP cancels
 * (`sentAt`): it sets the candidate's status and makes the event-center call (and, with the seed's `push.onCancel`,
 * an open-platform STAFF_UPDATE push) before it answers.
 */
export const YONYOU: Origin = {
  connection: YONYOU_CONNECTION,
  vendor: 'YonBIP',
  recordVendor: YONBIP_VENDOR,
  ackStage: 'pushes answered by hub (last approval returns)',
  async cancel(e, trace) {
    const request = await e.sb.ok<CancelRequest>('POST', `${BIP}/cancel-requests`, { candidateId: bipCandidateOf(trace.interviewId), reason: '候选人已接受其他offer', requestedBy: { id: 'hr-chenjing', name: '陈静' } });
    const decide = (level: number) => e.sb.ok<{ pushes: { eventCenter?: PushAnswer; openPlatform?: PushAnswer } }>('POST', `${BIP}/cancel-requests/${request.id}/decide`, { level, action: 'agree' });
    for (let level = 1; level < request.levels; level++) await decide(level);
    trace.sentAt = Date.now();
    const { pushes } = await decide(request.levels);
    // The event-center call is the one the hub acts on; without it the cancellation would wait for a sweep.
    recordPushes(trace, pushes.eventCenter ? [pushes.eventCenter, ...(pushes.openPlatform ? [pushes.openPlatform] : [])] : []);
  },
};
