import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import Redis from 'ioredis';
import { Repositories } from '@hub/persistence';
import { PipelineQueues, jobLockMs } from '@hub/runtime';
import { startHub, type RunningHub } from '../../apps/hub/src/hub.bootstrap';
import { RecordStore } from '../../apps/vendor-sandbox/src/common/record-store.service';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../../apps/vendor-sandbox/src/sandbox-options';
import { API_KEY, CONNECTION, DEMO_INTERVIEWS, QUEUE_PREFIX, ROOT, TENANT, log } from './bench-params';
import { JsonClient, mapLimit } from './http-client';
import { WebhookReceiver } from './receiver';

/** The bench's world: sandbox, hub (role all) and signed-webhook subscriber, set up from empty state. */

interface SandboxAppView {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  callback?: { url: string; token: string; aesKey: string; ownerKey: string };
}

/** A copy of config/ whose demo tenant tracks the bench's candidates (the poll's subject list). */
function writeConfig(trackedCandidateIds: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'hrhub-bench-config-'));
  cpSync(join(ROOT, 'config'), dir, { recursive: true });
  const file = join(dir, 'tenants', `${TENANT}.yaml`);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const tenant = doc.toJS() as { connections: Array<{ id: string; settings?: { trackedCandidateIds?: string[] } }> };
  const index = tenant.connections.findIndex((c) => c.id === CONNECTION);
  if (index < 0) throw new Error(`config/tenants/${TENANT}.yaml has no connection ${CONNECTION}`);
  const existing = tenant.connections[index].settings?.trackedCandidateIds ?? [];
  doc.setIn(['connections', index, 'settings', 'trackedCandidateIds'], [...existing, ...trackedCandidateIds]);
  writeFileSync(file, doc.toString());
  return dir;
}

export interface Env {
  sandbox: SandboxApp;
  hub: RunningHub;
  receiver: WebhookReceiver;
  sb: JsonClient;
  api: JsonClient;
  secrets: { token: string; aesKey: string; ownerKey: string };
  corpId: string;
  configDir: string;
  queues: PipelineQueues;
  records: RecordStore;
  repos: Repositories;
  trackedCount: number;
}

export async function setUp(runTag: string, burstIds: string[], isolatedIds: string[]): Promise<Env> {
  const mongoUrl = process.env.MONGO_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!mongoUrl || !redisUrl) throw new Error('MONGO_URL and REDIS_URL must be set (npm run bench starts FerretDB and Redis and sets them)');

  const seed = loadSeedFile(join(ROOT, 'apps/vendor-sandbox/seed/demo.seed.json'));
  const sandbox = await createSandboxApp({ port: 0, seed });
  const sb = new JsonClient(sandbox.url, {}, 32);
  log(`sandbox listening on ${sandbox.url}`);

  // The interviews to cancel: one candidate each, 2–9 days ahead (inside the poll horizon).
  const start = Date.now() + 2 * 86_400_000;
  const all = [...burstIds, ...isolatedIds];
  await mapLimit(all, 16, async (interviewId, i) => {
    await sb.ok('POST', '/_sandbox/dingtalk/interviews', {
      interviewId,
      candidateId: candidateOf(interviewId),
      name: `压测候选人${String(i + 1).padStart(4, '0')}`,
      phone: `155${runTag.slice(-4).replace(/\D/g, '0').padStart(4, '0')}${String(i).padStart(4, '0')}`,
      jobId: i % 2 ? 'job-frontend' : 'job-sales-mgr',
      startTimeMillis: start + (i % 10_080) * 60_000,
      durationMinutes: 30,
      interviewers: ['mgr-liuyang', 'hr-chenjing'],
      creatorUserId: 'hr-chenjing',
    });
  });
  log(`created ${all.length} interviews (+${DEMO_INTERVIEWS.length} from the demo seed) in the sandbox`);

  const configDir = writeConfig(all.map(candidateOf));
  const env: NodeJS.ProcessEnv = { ...process.env, SANDBOX_URL: sandbox.url, HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  await wipe(mongoUrl, redisUrl);
  const hub = await startHub({ role: 'all', mongoUrl, redisUrl, env, queuePrefix: QUEUE_PREFIX, schedules: true, configDir, jobLockMs: jobLockMs(env) }, { port: 0, host: '127.0.0.1' });
  if (!hub.url) throw new Error('startHub returned no URL');
  log(`hub listening on ${hub.url} (role all, config ${configDir})`);

  // Point the sandbox app's HTTP push at the real hub URL and check the handshake.
  const state = await sb.ok<{ apps: SandboxAppView[] }>('GET', '/_sandbox/dingtalk/state');
  const app = state.apps.find((a) => a.callback);
  if (!app?.callback) throw new Error('the demo seed has no app with a callback');
  const callbackUrl = `${hub.url}/webhooks/${TENANT}/${CONNECTION}`;
  await sb.ok('POST', '/_sandbox/dingtalk/apps', { ...app, callback: { ...app.callback, url: callbackUrl } });
  const check = await sb.ok<{ pushes: Array<{ replyValid: boolean; reason?: string }> }>('POST', '/_sandbox/dingtalk/check-url', { appKey: app.appKey });
  if (!check.pushes.every((p) => p.replyValid)) throw new Error(`check_url handshake with the hub failed: ${JSON.stringify(check.pushes)}`);
  log(`sandbox app ${app.appKey} now pushes to ${callbackUrl} (check_url answered correctly)`);

  const receiver = new WebhookReceiver();
  const receiverUrl = await receiver.start();
  const api = new JsonClient(hub.url, { authorization: `Bearer ${API_KEY}` }, 8);
  const sub = await api.ok<{ id: string; secret: string }>('POST', '/v1/subscriptions', { url: receiverUrl, description: `bench ${runTag}` });
  receiver.setSecret(sub.secret);
  log(`subscriber ${sub.id} at ${receiverUrl}`);

  const tracked = 3 + all.length;
  return {
    sandbox,
    hub,
    receiver,
    sb,
    api,
    secrets: { token: app.callback.token, aesKey: app.callback.aesKey, ownerKey: app.callback.ownerKey },
    corpId: app.corpId,
    configDir,
    queues: hub.app.get(PipelineQueues),
    records: sandbox.app.get(RecordStore),
    repos: hub.app.get(Repositories),
    trackedCount: tracked,
  };
}

/**
 * Starts from empty state even when the services were reused: drops the bench database (the one in
 * MONGO_URL, which scripts/bench.sh gives the bench profile alone) and the `bench:` Redis keys.
 */
async function wipe(mongoUrl: string, redisUrl: string): Promise<void> {
  const dbName = /^mongodb(?:\+srv)?:\/\/[^/?]+\/([^?]*)/.exec(mongoUrl)?.[1] ?? '';
  if (!dbName.includes('bench')) throw new Error(`refusing to wipe database "${dbName}" of MONGO_URL: the bench only drops a database whose name contains "bench" (scripts/bench.sh uses hrhub_bench)`);
  const repos = await Repositories.connect(mongoUrl);
  await repos.db.dropDatabase();
  await repos.close();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  let removed = 0;
  for (let i = 0; i < 100_000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) removed += await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  redis.disconnect();
  log(`wiped the bench database and ${removed} Redis keys under ${QUEUE_PREFIX}:`);
}

const COLLECTIONS = ['inbox', 'cancellations', 'deliveries', 'candidates', 'archive', 'audit'];

/** Documents per collection: FerretDB's SQLite backend scans whole collections for most filters. */
export async function dataSizes(e: Env): Promise<Record<string, number>> {
  const db = e.repos.db.db;
  const out: Record<string, number> = {};
  for (const name of COLLECTIONS) out[name] = db ? await db.collection(name).countDocuments({}) : NaN;
  out['inbox still accepted'] = db ? await db.collection('inbox').countDocuments({ status: 'accepted' }) : NaN;
  out['deliveries not final'] = db ? await db.collection('deliveries').countDocuments({ status: { $in: ['pending', 'queued', 'retrying'] } }) : NaN;
  return out;
}

export function candidateOf(interviewId: string): string {
  return interviewId.replace(/^iv-/, 'cand-');
}
