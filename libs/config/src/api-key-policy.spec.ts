import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { MIN_PRODUCTION_API_KEY_LENGTH, isWellKnownApiKey } from './api-key-policy';
import { InvalidConfigError } from './config-error';
import { loadConfig } from './config.loader';

const KEY = Buffer.alloc(32, 7).toString('base64');
const STRONG = 'k'.repeat(MIN_PRODUCTION_API_KEY_LENGTH);

function configWithKeys(keys: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  writeFileSync(join(dir, 'hub.yaml'), `security: { encryptionKey: "${KEY}" }`);
  mkdirSync(join(dir, 'tenants'));
  const apiKeys = Object.entries(keys).map(([name, key]) => `  - { name: ${name}, key: "${key}" }`).join('\n');
  writeFileSync(join(dir, 'tenants', 'acme.yaml'), `id: acme\napiKeys:\n${apiKeys}\nconnections: []\n`);
  return dir;
}

const load = (dir: string, NODE_ENV?: string) => loadConfig({ dir, env: NODE_ENV ? { NODE_ENV } : {}, connectors: new ConnectorRegistry([]) });

function refusal(dir: string): string {
  try {
    load(dir, 'production');
  } catch (e) {
    if (e instanceof InvalidConfigError) return e.message;
    throw e;
  }
  throw new Error('expected production mode to refuse the config');
}

describe('API keys in production mode', () => {
  it('refuses a well-known key and a short one, naming tenant, file, path and key name but not the key', () => {
    const msg = refusal(configWithKeys({ ops: 'demo-api-key-0000000001', ci: 'only-twenty-chars-ok', good: STRONG }));
    expect(msg).toContain('invalid configuration (2 problems)');
    expect(msg).toMatch(/tenants\/acme\.yaml: \/apiKeys\/0\/key \(key "ops" of tenant "acme"\) is a well-known key, refused in production mode \(NODE_ENV=production\) — fix: generate one/);
    expect(msg).toMatch(/tenants\/acme\.yaml: \/apiKeys\/1\/key \(key "ci" of tenant "acme"\) is 20 characters long; production mode \(NODE_ENV=production\) needs at least 24/);
    expect(msg).not.toContain('demo-api-key-0000000001');
    expect(msg).not.toContain('only-twenty-chars-ok');
    expect(msg).not.toContain('"good"');
  });

  it('knows well-known keys whatever their case and spacing', () => {
    expect(isWellKnownApiKey(' ChangeMe ')).toBe(true);
    expect(isWellKnownApiKey(STRONG)).toBe(false);
    expect(refusal(configWithKeys({ ops: 'DEMO-API-KEY-0000000001' }))).toContain('well-known');
  });

  it('accepts long, unknown keys in production, and any valid key outside production mode', () => {
    expect(load(configWithKeys({ ops: STRONG }), 'production').tenants[0].apiKeys[0].name).toBe('ops');
    expect(load(configWithKeys({ ops: 'demo-api-key-0000000001' }), 'test').tenants).toHaveLength(1);
    expect(load(configWithKeys({ ops: 'demo-api-key-0000000001' })).tenants).toHaveLength(1);
  });
});
