import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, listening, spawnHubProcess } from './support/child-process';
import { copyDemoConfig } from './support/demo-config';
import { REPO_ROOT } from './support/hub-harness';
import { testMongoUrl } from './support/services';

function brokenConfig(edit: (tenantYaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  copyDemoConfig(dir);
  const tenant = join(dir, 'tenants', 'demo.yaml');
  writeFileSync(tenant, edit(readFileSync(tenant, 'utf8')));
  return dir;
}

const env = (configDir: string): Record<string, string> => ({
  ...(process.env as Record<string, string>),
  HUB_CONFIG_DIR: configDir,
  HUB_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  PORT: '0',
});

/** Acceptance: invalid config stops boot with a message naming file and path. */
describe('boot with invalid configuration', () => {
  it('exits 1 naming the file, the path and the fix', async () => {
    const dir = brokenConfig((y) => y.replace('      aesKey: ${env:DEMO_DINGTALK_AES_KEY:-RZliJDCeAgWmaSpOdhlKfn5GrgWXH9dhq1qRTZUFRyI}\n', '').replace('replayWindowSeconds: 300', 'replayWindowSeconds: -5'));
    const hub = spawnHubProcess('hub', env(dir));
    expect(await hub.exited).toBe(1);
    const out = hub.output();
    expect(out).toContain('invalid configuration');
    expect(out).toMatch(/tenants\/demo\.yaml: \/connections\/0\/settings\/replayWindowSeconds must be >= 0/);
    expect(out).not.toContain('hub.listening');
  });

  it('names a connector that is not installed', async () => {
    const hub = spawnHubProcess('hub', env(brokenConfig((y) => y.replace('connector: dingtalk', 'connector: dingtalkk'))));
    expect(await hub.exited).toBe(1);
    expect(hub.output()).toMatch(/tenants\/demo\.yaml: \/connections\/0\/connector names "dingtalkk", which is not installed — fix: use one of: (\S+, )*dingtalk, (\S+, )*webhook\b/);
  });

  it('names a missing secret variable without printing any secret', async () => {
    const dir = brokenConfig((y) => y.replace('${env:DEMO_DINGTALK_APP_SECRET:-demo-app-secret-0001}', '${env:ACME_DINGTALK_SECRET}'));
    const hub = spawnHubProcess('hub', env(dir));
    expect(await hub.exited).toBe(1);
    const out = hub.output();
    expect(out).toMatch(/tenants\/demo\.yaml: \/connections\/0\/credentials\/appSecret needs environment variable ACME_DINGTALK_SECRET, which is not set/);
    expect(out).not.toContain('demoToken123');
  });
});

/** Acceptance: in production mode (NODE_ENV=production, as the image runs) a well-known or short API key stops boot. */
describe('boot in production mode', () => {
  const production = (configDir: string) => ({ ...env(configDir), NODE_ENV: 'production' });

  it("refuses the demo tenant's published key, naming the tenant and the key's name but not the key", async () => {
    const hub = spawnHubProcess('hub', production(copyDemoConfig()));
    expect(await hub.exited).toBe(1);
    const out = hub.output();
    expect(out).toMatch(/tenants\/demo\.yaml: \/apiKeys\/0\/key \(key "demo-admin" of tenant "demo"\) is a well-known key, refused in production mode \(NODE_ENV=production\) — fix: generate one/);
    expect(out).not.toContain('demo-api-key-0000000001');
    expect(out).not.toContain('hub.listening');
  });

  it('refuses a short key', async () => {
    const hub = spawnHubProcess('hub', { ...production(copyDemoConfig()), DEMO_API_KEY: 'twenty-chars-long-ok' });
    expect(await hub.exited).toBe(1);
    expect(hub.output()).toMatch(/\/apiKeys\/0\/key \(key "demo-admin" of tenant "demo"\) is 20 characters long; production mode \(NODE_ENV=production\) needs at least 24/);
  });

  it('starts with a long, unknown key', async () => {
    const port = await freePort();
    const hub = spawnHubProcess('hub', { ...production(copyDemoConfig()), DEMO_API_KEY: randomBytes(24).toString('base64url'), PORT: String(port), HUB_ROLE: 'hub', MONGO_URL: testMongoUrl('config-boot-production'), HUB_QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}-prod` });
    try {
      await listening(hub, port);
    } finally {
      hub.child.kill('SIGTERM');
      await hub.exited;
    }
  });

  it('refuses config/ as the image ships it: no tenant yet', async () => {
    const hub = spawnHubProcess('hub', production(join(REPO_ROOT, 'config')));
    expect(await hub.exited).toBe(1);
    expect(hub.output()).toMatch(/config\/tenants: \/ holds no tenant file — fix: add tenants\/<tenantId>\.yaml \(config\/tenants\/README\.md shows one\)/);
  });
});
