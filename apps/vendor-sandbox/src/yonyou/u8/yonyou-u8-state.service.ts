import { Inject, Injectable } from '@nestjs/common';
import { ResetRegistry } from '../../common/reset-registry.service';
import { SANDBOX_SEED, type SandboxSeed } from '../../sandbox-options';
import { checkApp, checkPlan, checkResource, resolveU8Settings, seedResources } from './yonyou-u8-seed';
import type { U8AddRequest, U8AsyncPlan, U8SeedApp, U8SeedResource, U8SimulatorSettings, U8StoredRecord } from './yonyou-u8.types';

/** Everything the simulated U8 open platform and the enterprise's U8 hold; rebuilt from the seed on reset. */
@Injectable()
export class YonyouU8StateService {
  settings: U8SimulatorSettings;
  private apps = new Map<string, U8SeedApp>();
  private resources = new Map<string, Required<U8SeedResource>>();
  /** Per resource: key (archive code) → record. */
  private records = new Map<string, Map<string, U8StoredRecord>>();
  private requests = new Map<string, U8AddRequest>();
  /** Plans for the next async adds, taken in order before `settings.async`. */
  private plans: U8AsyncPlan[] = [];

  constructor(
    @Inject(SANDBOX_SEED) private readonly seed: SandboxSeed,
    resets: ResetRegistry,
  ) {
    this.settings = resolveU8Settings(seed.yonyou?.u8);
    this.load();
    resets.register(() => this.load());
  }

  private load(): void {
    const seed = this.seed.yonyou?.u8;
    this.settings = resolveU8Settings(seed);
    this.apps = new Map((seed?.apps ?? []).map((a, i) => checkApp(a, `yonyou.u8.apps[${i}]`)).map((a) => [a.appKey, a]));
    this.resources = new Map(seedResources(seed).map((r) => [r.name, r]));
    this.records = new Map([...this.resources.keys()].map((name) => [name, new Map()]));
    this.requests.clear();
    this.plans = [];
    for (const [i, r] of (seed?.records ?? []).entries()) {
      const resource = this.resources.get(r.resource);
      const key = resource && r.fields?.[resource.keyField];
      if (!resource || !key) throw new Error(`yonyou.u8.records[${i}]: unknown resource or no ${resource?.keyField ?? 'key'} field`);
      this.store({ resource: resource.name, key, fields: { ...r.fields }, createdAt: Date.now() });
    }
  }

  app(appKey: string): U8SeedApp | undefined {
    return this.apps.get(appKey);
  }

  upsertApp(app: Partial<U8SeedApp>): U8SeedApp {
    const checked = checkApp(app, 'app');
    this.apps.set(checked.appKey, checked);
    return checked;
  }

  resource(name: string): Required<U8SeedResource> | undefined {
    return this.resources.get(name);
  }

  upsertResource(resource: Partial<U8SeedResource>): Required<U8SeedResource> {
    const checked = checkResource(resource, 'resource');
    this.resources.set(checked.name, checked);
    if (!this.records.has(checked.name)) this.records.set(checked.name, new Map());
    return checked;
  }

  record(resource: string, key: string): U8StoredRecord | undefined {
    return this.records.get(resource)?.get(key);
  }

  store(record: U8StoredRecord): void {
    this.records.get(record.resource)?.set(record.key, record);
  }

  request(requestid: string): U8AddRequest | undefined {
    return this.requests.get(requestid);
  }

  addRequest(request: U8AddRequest): void {
    this.requests.set(request.requestid, request);
  }

  /** The earlier add of this app with this biz_id, if any. */
  requestByBizId(appKey: string, bizId: string): U8AddRequest | undefined {
    return [...this.requests.values()].find((r) => r.appKey === appKey && r.bizId === bizId);
  }

  pendingRequests(): U8AddRequest[] {
    return [...this.requests.values()].filter((r) => r.state === 'pending');
  }

  queuePlans(plan: Partial<U8AsyncPlan>, times: number): U8AsyncPlan[] {
    const checked = checkPlan(plan, 'plan');
    for (let i = 0; i < times; i++) this.plans.push(checked);
    return [...this.plans];
  }

  /** The plan of the next async add: a queued one, else the default. */
  nextPlan(): U8AsyncPlan {
    return this.plans.shift() ?? this.settings.async;
  }

  updateSettings(input: Partial<Omit<U8SimulatorSettings, 'async'>> & { async?: Partial<U8AsyncPlan> }): U8SimulatorSettings {
    const { async, ...rest } = input;
    const next = { ...this.settings, async: async ? checkPlan({ ...this.settings.async, ...async }, 'async') : this.settings.async };
    if (rest.tokenTtlSeconds !== undefined) next.tokenTtlSeconds = positive(rest.tokenTtlSeconds, 'tokenTtlSeconds');
    if (rest.pingAfterSeconds !== undefined) next.pingAfterSeconds = positive(rest.pingAfterSeconds, 'pingAfterSeconds', true);
    if (rest.clientOnline !== undefined) next.clientOnline = rest.clientOnline !== false;
    this.settings = next;
    return next;
  }

  snapshot(): Record<string, unknown> {
    return {
      settings: this.settings,
      queuedPlans: this.plans,
      apps: [...this.apps.values()].map(({ appSecret: _secret, ...app }) => app),
      resources: [...this.resources.values()],
      records: [...this.records.values()].flatMap((m) => [...m.values()]),
      requests: [...this.requests.values()],
    };
  }
}

function positive(value: unknown, name: string, zeroAllowed = false): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zeroAllowed ? 0 : 1)) throw new Error(`${name} must be an integer ≥ ${zeroAllowed ? 0 : 1}`);
  return n;
}
