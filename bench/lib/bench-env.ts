import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordStore } from '../../apps/vendor-sandbox/src/common/record-store.service';
import { DingtalkStateService } from '../../apps/vendor-sandbox/src/dingtalk/dingtalk-state.service';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../../apps/vendor-sandbox/src/sandbox-options';
import { API_KEY, BEISEN_API_KEY, BEISEN_TENANT, CONNECTION, DEMO_INTERVIEWS, KINGDEE_API_KEY, KINGDEE_TENANT, QUEUE_PREFIX, ROOT, TENANT, log, runPhone } from './bench-params';
import { beisenTenantSeed, writeBeisenTenant, type BeisenSpec } from './beisen-target';
import { JsonClient, mapLimit } from './http-client';
import type { HubProcesses } from './hub-processes';
import { kingdeeSeed, writeKingdeeTenant } from './kingdee-origin';
import { PipelineView, wipe } from './pipeline-view';
import { WebhookReceiver } from './receiver';
import { benchTenant, createBipCandidates, pointYonbipAt, yonyouPairs } from './yonyou-origin';

/** The bench's world: sandbox and subscriber in this process, the hub as separate processes, all from empty state. */

interface SandboxAppView {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  callback?: { url: string; token: string; aesKey: string; ownerKey: string };
}

export interface Env {
  sandbox: SandboxApp;
  hub: HubProcesses;
  hubUrl: string;
  receiver: WebhookReceiver;
  sb: JsonClient;
  api: JsonClient;
  secrets: { token: string; aesKey: string; ownerKey: string };
  corpId: string;
  configDir: string;
  records: RecordStore;
  view: PipelineView;
}

/** How long before the run the bench's interviews were scheduled (their flows last changed then). */
const SCHEDULED_DAYS_AGO = 3;

/** A DingTalk interview to create: one candidate of its own (name, phone), a job, a start time. */
export interface InterviewSpec {
  interviewId: string;
  candidateId: string;
  name: string;
  phone: string;
  jobId: string;
  startTimeMillis: number;
}

/** The interviews the DingTalk phases cancel: 2–9 days ahead, phones 155…. */
function dingtalkSpecs(ids: string[], runTag: string): InterviewSpec[] {
  const start = Date.now() + 2 * 86_400_000;
  return ids.map((interviewId, i) => ({
    interviewId,
    candidateId: interviewId.replace(/^iv-/, 'cand-'),
    name: `压测候选人${String(i + 1).padStart(4, '0')}`,
    phone: runPhone('155', runTag, i),
    jobId: i % 2 ? 'job-frontend' : 'job-sales-mgr',
    startTimeMillis: start + (i % 10_080) * 60_000,
  }));
}

/**
 * Creates interviews (one candidate each) through the sandbox's control API. Their recruitment flows are then
 * dated `bookedAt` (SCHEDULED_DAYS_AGO back), as for interviews booked days before they are cancelled:
 * otherwise the hub's first poll would find all of them as "changed in the last day".
 */
async function createInterviews(sandbox: SandboxApp, sb: JsonClient, specs: InterviewSpec[], bookedAt: number): Promise<void> {
  await mapLimit(specs, 16, async (spec) => {
    await sb.ok('POST', '/_sandbox/dingtalk/interviews', { ...spec, durationMinutes: 30, interviewers: ['mgr-liuyang', 'hr-chenjing'], creatorUserId: 'hr-chenjing' });
  });
  const state = sandbox.app.get(DingtalkStateService);
  const byId = new Map((state.snapshot().interviews as Array<{ interviewId: string; corpId: string; flowId: string }>).map((iv) => [iv.interviewId, iv]));
  for (const { interviewId: id } of specs) {
    const iv = byId.get(id);
    const flow = iv ? state.flow(iv.corpId, iv.flowId) : undefined;
    if (!flow) throw new Error(`the sandbox has no flow for interview ${id}`);
    flow.createTimeMillis = bookedAt;
    flow.modifyTimeMillis = bookedAt;
  }
}

/**
 * `interviewIds`: DingTalk interviews to create; `yonyouIds`: YonBIP interview ids of the Yonyou-origin pairs (a YonBIP
 * candidate and a DingTalk interview of the same person at the same time, see yonyou-origin.ts); `kingdeeIds`: K/3
 * interviews of the Kingdee scenario (none: no Kingdee tenant; see kingdee-origin.ts); `beisen`: applicants with their
 * apply and scheduled interview of the Beisen scenario (none: no Beisen tenant; see beisen-target.ts).
 * `hub` is the caller's, so the caller stops its processes whatever happens here.
 */
export async function setUp(runTag: string, interviewIds: string[], yonyouIds: string[], kingdeeIds: string[], beisen: BeisenSpec[], hub: HubProcesses): Promise<Env> {
  const mongoUrl = process.env.MONGO_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!mongoUrl || !redisUrl) throw new Error('MONGO_URL and REDIS_URL must be set (npm run bench starts FerretDB and Redis and sets them)');

  const seed = loadSeedFile(join(ROOT, 'apps/vendor-sandbox/seed/demo.seed.json'));
  if (kingdeeIds.length) seed.kingdee = { ...seed.kingdee, k3: kingdeeSeed(kingdeeIds, runTag) };
  // The scenario's Beisen tenant beside any of the demo seed's; the simulator's settings (its default limits) untouched.
  if (beisen.length) seed.beisen = { ...seed.beisen, tenants: [...(seed.beisen?.tenants ?? []), beisenTenantSeed(runTag, beisen)] };
  const sandbox = await createSandboxApp({ port: 0, seed });
  const sb = new JsonClient(sandbox.url, {}, 32);
  log(`sandbox listening on ${sandbox.url}`);
  const bookedAt = Date.now() - SCHEDULED_DAYS_AGO * 86_400_000;
  const pairs = yonyouPairs(yonyouIds, runTag, bookedAt);
  await createInterviews(sandbox, sb, [...dingtalkSpecs(interviewIds, runTag), ...pairs.dingtalk], bookedAt);
  await createBipCandidates(sb, pairs.bip);
  log(`created ${interviewIds.length} DingTalk interviews (+${DEMO_INTERVIEWS.length} from the demo seed) and ${yonyouIds.length} YonBIP candidates with their DingTalk interviews in the sandbox, booked ${SCHEDULED_DAYS_AGO} days ago; the K/3 simulator holds ${kingdeeIds.length} scheduled interviews with their candidates; the Beisen simulator ${beisen.length} applicants with their apply and scheduled interview`);

  // A private copy of config/ (production defaults of config/hub.yaml) with the demo tenant (demo/config) laid over
  // it, cut down to the bench tenant (DingTalk, and YonBIP as an origin only), and the Kingdee and Beisen tenants beside it.
  const configDir = mkdtempSync(join(tmpdir(), 'hrhub-bench-config-'));
  cpSync(join(ROOT, 'config'), configDir, { recursive: true });
  cpSync(join(ROOT, 'demo', 'config'), configDir, { recursive: true });
  benchTenant(configDir);
  if (kingdeeIds.length) writeKingdeeTenant(configDir, sandbox.url);
  if (beisen.length) writeBeisenTenant(configDir, sandbox.url, runTag);
  await wipe(mongoUrl, redisUrl);
  await hub.start({
    ...process.env,
    MONGO_URL: mongoUrl,
    REDIS_URL: redisUrl,
    SANDBOX_URL: sandbox.url,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUB_CONFIG_DIR: configDir,
    HUB_QUEUE_PREFIX: QUEUE_PREFIX,
    HUB_OUTBOUND_ALLOW: '127.0.0.1', // the bench's subscriber listens on loopback (hub.yaml outbound.allow)
    // The load comes from one address and one connection, and measures capacity, not the abuse limits (hub.yaml limits).
    HUB_LIMIT_WEBHOOK_PER_IP: '100000000',
    HUB_LIMIT_WEBHOOK_PER_CONNECTION: '100000000',
    HUB_LIMIT_API_PER_KEY: '100000000', // the Beisen burst posts its cancellations with one API key
  });
  const view = await PipelineView.connect(mongoUrl, redisUrl);

  // Point the sandbox app's HTTP push at the real hub URL and check the handshake.
  const state = await sb.ok<{ apps: SandboxAppView[] }>('GET', '/_sandbox/dingtalk/state');
  const app = state.apps.find((a) => a.callback);
  if (!app?.callback) throw new Error('the demo seed has no app with a callback');
  const callbackUrl = `${hub.url}/webhooks/${TENANT}/${CONNECTION}`;
  await sb.ok('POST', '/_sandbox/dingtalk/apps', { ...app, callback: { ...app.callback, url: callbackUrl } });
  const check = await sb.ok<{ pushes: Array<{ replyValid: boolean; reason?: string }> }>('POST', '/_sandbox/dingtalk/check-url', { appKey: app.appKey });
  if (!check.pushes.every((p) => p.replyValid)) throw new Error(`check_url handshake with the hub failed: ${JSON.stringify(check.pushes)}`);
  log(`sandbox app ${app.appKey} now pushes to ${callbackUrl} (check_url answered correctly)`);
  await pointYonbipAt(sb, seed, hub.url);

  const receiver = new WebhookReceiver();
  const receiverUrl = await receiver.start();
  const api = new JsonClient(hub.url, { authorization: `Bearer ${API_KEY}` }, 8);
  const sub = await api.ok<{ id: string; secret: string }>('POST', '/v1/subscriptions', { url: receiverUrl, description: `bench ${runTag}` });
  receiver.addSecret(sub.secret);
  log(`subscriber ${sub.id} at ${receiverUrl}`);
  /** The subscriber of another tenant of the bench, at the same URL. */
  const subscribe = async (tenantId: string, apiKey: string) => {
    const client = new JsonClient(hub.url, { authorization: `Bearer ${apiKey}` }, 2);
    const other = await client.ok<{ id: string; secret: string }>('POST', '/v1/subscriptions', { url: receiverUrl, description: `bench ${runTag} (${tenantId})` });
    client.close();
    receiver.addSecret(other.secret);
    log(`subscriber ${other.id} of tenant ${tenantId} at the same URL`);
  };
  if (kingdeeIds.length) await subscribe(KINGDEE_TENANT, KINGDEE_API_KEY);
  if (beisen.length) await subscribe(BEISEN_TENANT, BEISEN_API_KEY);

  return {
    sandbox,
    hub,
    hubUrl: hub.url,
    receiver,
    sb,
    api,
    secrets: { token: app.callback.token, aesKey: app.callback.aesKey, ownerKey: app.callback.ownerKey },
    corpId: app.corpId,
    configDir,
    records: sandbox.app.get(RecordStore),
    view,
  };
}
