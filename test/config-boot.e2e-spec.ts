import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnHubProcess } from './support/child-process';
import { REPO_ROOT } from './support/hub-harness';

function brokenConfig(edit: (tenantYaml: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  cpSync(join(REPO_ROOT, 'config'), dir, { recursive: true });
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
    expect(hub.output()).toMatch(/tenants\/demo\.yaml: \/connections\/0\/connector names "dingtalkk", which is not installed — fix: use one of: dingtalk, webhook/);
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
