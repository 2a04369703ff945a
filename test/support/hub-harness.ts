import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ResolveHost } from '@hub/connector-sdk';
import { Repositories } from '@hub/persistence';
import { PipelineQueues, jobLockMs, type HubRole, type RuntimeOptions } from '@hub/runtime';
import { startHub, type RunningHub } from '../../apps/hub/src/hub.bootstrap';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../../apps/vendor-sandbox/src/sandbox-options';
import { copyDemoConfig } from './demo-config';
import { waitForIdle } from './pipeline-idle';
import { flushRedisPrefix, testMongoUrl } from './services';
import { waitFor } from './wait-for';

export const REPO_ROOT = join(__dirname, '..', '..');
export const DEMO_API_KEY = 'demo-api-key-0000000001';
export const DEMO_SEED = join(REPO_ROOT, 'apps', 'vendor-sandbox', 'seed', 'demo.seed.json');

/** Pipeline timings shrunk for tests (the production defaults live in config/hub.yaml). */
export const FAST_PIPELINE_ENV: Record<string, string> = {
  HUB_BACKOFF_BASE_MS: '40',
  HUB_DELIVERY_ATTEMPTS: '4',
  HUB_POLL_INTERVAL_SECONDS: '3600',
  HUB_SWEEP_INTERVAL_SECONDS: '1',
  HUB_SWEEP_GRACE_SECONDS: '2',
  LOG_LEVEL: 'error',
};

/** The tests' subscribers listen on loopback, which a hub reaches only when its outbound allow-list says so. */
export const LOOPBACK_OUTBOUND_ENV: Record<string, string> = { HUB_OUTBOUND_ALLOW: '127.0.0.1' };

export interface HarnessOptions {
  /** Distinguishes several hubs of one test file (database, queue prefix). */
  name?: string;
  role?: HubRole;
  env?: Record<string, string>;
  schedules?: boolean;
  configDir?: string;
  /** Keep what an earlier hub of this name left in the database (restart tests). */
  keepData?: boolean;
  /** Servers of the test's own (PrivateServices) instead of the shared test services. */
  mongoUrl?: string;
  redisUrl?: string;
  /** Name resolution for the hub's outbound calls (no real DNS in tests); `env: { HUB_OUTBOUND_ALLOW: '' }` drops the loopback allowance. */
  outboundResolver?: ResolveHost;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/**
 * One hub (in this process, on a free port) wired to one vendor sandbox seeded with the demo data,
 * on this test file's own database and Redis prefix. The sandbox's callbacks point at the hub.
 */
export class HubHarness {
  hub!: RunningHub;
  sandbox!: SandboxApp;
  repos!: Repositories;
  queues!: PipelineQueues;
  readonly queuePrefix: string;
  readonly mongoUrl: string;
  readonly encryptionKey = randomBytes(32).toString('base64');
  /** `options.configDir`, else a fresh copy of the demo's configuration (config/ with demo/config laid over it). */
  readonly configDir: string;

  private constructor(readonly options: HarnessOptions) {
    const name = options.name ?? 'main';
    this.queuePrefix = `t${randomBytes(4).toString('hex')}-${name}`;
    this.configDir = options.configDir ?? copyDemoConfig();
    this.mongoUrl = options.mongoUrl ?? testMongoUrl(`${expect.getState().testPath?.split('/').pop() ?? 'test'}-${name}`);
  }

  static async start(options: HarnessOptions = {}): Promise<HubHarness> {
    const h = new HubHarness(options);
    if (!options.keepData) await h.dropDatabase();
    h.sandbox = await createSandboxApp({ port: 0, seed: loadSeedFile(DEMO_SEED) });
    h.hub = await startHub(h.runtimeOptions(options.role ?? 'all'), { port: 0 });
    h.repos = h.hub.app.get(Repositories);
    h.queues = h.hub.app.get(PipelineQueues);
    if (h.hub.url) await h.pointSandboxAt(h.hub.url);
    return h;
  }

  async dropDatabase(): Promise<void> {
    const repos = await Repositories.connect(this.mongoUrl);
    await repos.db.dropDatabase();
    await repos.close();
  }

  /** Environment a hub process of this harness runs with (also for child processes). */
  env(): Record<string, string> {
    return {
      ...(process.env as Record<string, string>),
      ...FAST_PIPELINE_ENV,
      ...LOOPBACK_OUTBOUND_ENV,
      HUB_ENCRYPTION_KEY: this.encryptionKey,
      SANDBOX_URL: this.sandbox.url,
      MONGO_URL: this.mongoUrl,
      ...(this.options.redisUrl ? { REDIS_URL: this.options.redisUrl } : {}),
      HUB_QUEUE_PREFIX: this.queuePrefix,
      HUB_CONFIG_DIR: this.configDir,
      ...this.options.env,
    };
  }

  runtimeOptions(role: HubRole): RuntimeOptions {
    const env = this.env();
    return {
      role,
      mongoUrl: this.mongoUrl,
      redisUrl: env.REDIS_URL,
      configDir: this.configDir,
      env,
      queuePrefix: this.queuePrefix,
      schedules: this.options.schedules ?? true,
      jobLockMs: jobLockMs(env),
      outboundResolver: this.options.outboundResolver,
    };
  }

  /** Re-registers the demo DingTalk app and YonBIP tenant so their pushes reach this hub. */
  async pointSandboxAt(hubUrl: string): Promise<void> {
    const seed = loadSeedFile(DEMO_SEED);
    const app = seed.dingtalk?.apps?.[0];
    if (!app?.callback) throw new Error('demo seed has no DingTalk app with a callback');
    await this.sandboxCall('POST', '/_sandbox/dingtalk/apps', { ...app, callback: { ...app.callback, url: `${hubUrl}/webhooks/demo/dingtalk-main` } });
    for (const tenant of seed.yonyou?.bip?.tenants ?? []) {
      if (tenant.push) await this.sandboxCall('POST', '/_sandbox/yonyou/bip/tenants', { ...tenant, push: { ...tenant.push, url: `${hubUrl}/webhooks/demo/yonyou-main` } });
    }
  }

  async api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs?: number): Promise<ApiResponse<T>> {
    if (!this.hub.url) throw new Error('this harness runs no HTTP server (role worker)');
    return call<T>(`${this.hub.url}${path}`, method, body, { authorization: `Bearer ${DEMO_API_KEY}`, ...headers }, timeoutMs);
  }

  async sandboxCall<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await call<T>(`${this.sandbox.url}${path}`, method, body, {});
    if (res.status >= 400) throw new Error(`sandbox ${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** The cancellation `id` once it exists and its sync status is no longer `syncing` (a one-click cancel is recorded after its 202). */
  async settled<T = any>(id: string, timeoutMs = 20_000): Promise<T> {
    return waitFor(`cancellation ${id} to settle`, async () => {
      const res = await this.api('GET', `/v1/cancellations/${id}`);
      return res.status === 200 && res.body.status !== 'syncing' ? (res.body as T) : undefined;
    }, timeoutMs);
  }

  /** Waits until the pipeline has nothing left to do (see waitForIdle). */
  idle(timeoutMs?: number): Promise<void> {
    return waitForIdle(this.repos, this.queues, timeoutMs);
  }

  async subscribe(url: string): Promise<{ id: string; secret: string }> {
    const res = await this.api('POST', '/v1/subscriptions', { url });
    if (res.status !== 201) throw new Error(`subscription failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async close(): Promise<void> {
    await this.hub?.close().catch(() => undefined);
    await this.sandbox?.close().catch(() => undefined);
    if (!this.options.redisUrl) await flushRedisPrefix(this.queuePrefix).catch(() => undefined);
  }
}

/** One HTTP call; with `timeoutMs` the client gives up (and the call fails) when no answer came by then, as a caller would. */
export async function call<T>(url: string, method: string, body: unknown, headers: Record<string, string>, timeoutMs?: number): Promise<ApiResponse<T>> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T };
}
