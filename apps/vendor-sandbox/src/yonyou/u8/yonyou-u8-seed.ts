import type { U8AsyncPlan, U8SeedApp, U8SeedResource, U8SimulatorSettings, YonyouU8Seed } from './yonyou-u8.types';

export const DEFAULT_U8_ASYNC_PLAN: U8AsyncPlan = { pendingPolls: 1, outcome: 'success' };

export const DEFAULT_U8_SETTINGS: U8SimulatorSettings = {
  // The official C# SDK: "平台 Token 生效期为 2 小时".
  tokenTtlSeconds: 7200,
  pingAfterSeconds: 1,
  async: DEFAULT_U8_ASYNC_PLAN,
  clientOnline: true,
};

/** The connector's default resources (connectors/yonyou/U8.md): tenant-built archives, so a bare seed still serves them. */
export const DEFAULT_U8_RESOURCES: U8SeedResource[] = [
  { name: 'interviewstatus', keyField: 'code', required: ['status'] },
  { name: 'interviewarchive', keyField: 'code', required: ['name'] },
];

export function resolveU8Settings(seed: YonyouU8Seed | undefined): U8SimulatorSettings {
  const { async, ...rest } = seed?.settings ?? {};
  return { ...DEFAULT_U8_SETTINGS, ...rest, async: checkPlan({ ...DEFAULT_U8_ASYNC_PLAN, ...async }, 'settings.async') };
}

export function checkPlan(plan: Partial<U8AsyncPlan>, where: string): U8AsyncPlan {
  const pendingPolls = Number(plan.pendingPolls ?? 0);
  if (!Number.isInteger(pendingPolls) || pendingPolls < 0) throw new Error(`${where}.pendingPolls must be an integer ≥ 0`);
  const outcome = plan.outcome ?? 'success';
  if (outcome !== 'success' && outcome !== 'fail') throw new Error(`${where}.outcome must be success or fail`);
  return { pendingPolls, outcome, ...(plan.errcode ? { errcode: String(plan.errcode) } : {}), ...(plan.errmsg ? { errmsg: String(plan.errmsg) } : {}) };
}

export function checkApp(app: Partial<U8SeedApp>, where: string): U8SeedApp {
  for (const field of ['fromAccount', 'appKey', 'appSecret'] as const) {
    if (typeof app[field] !== 'string' || !app[field]) throw new Error(`${where}.${field} must be a non-empty string`);
  }
  if (!Array.isArray(app.toAccounts) || !app.toAccounts.every((t) => typeof t === 'string' && t)) {
    throw new Error(`${where}.toAccounts must be a list of account ids`);
  }
  return { fromAccount: app.fromAccount!, appKey: app.appKey!, appSecret: app.appSecret!, toAccounts: [...app.toAccounts], online: app.online !== false };
}

export function checkResource(resource: Partial<U8SeedResource>, where: string): Required<U8SeedResource> {
  if (typeof resource.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(resource.name)) {
    throw new Error(`${where}.name must be a lower-case U8 resource name (e.g. person)`);
  }
  const required = Array.isArray(resource.required) ? resource.required.map(String) : [];
  return { name: resource.name, keyField: resource.keyField || 'code', required };
}

/** Seed resources, with the connector's default resources added when the seed does not define them. */
export function seedResources(seed: YonyouU8Seed | undefined): Required<U8SeedResource>[] {
  const listed = (seed?.resources ?? []).map((r, i) => checkResource(r, `yonyou.u8.resources[${i}]`));
  const names = new Set(listed.map((r) => r.name));
  return [...listed, ...DEFAULT_U8_RESOURCES.filter((r) => !names.has(r.name)).map((r) => checkResource(r, 'default'))];
}
