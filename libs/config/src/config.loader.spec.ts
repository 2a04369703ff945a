import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectorRegistry, type Connector } from '@hub/connector-sdk';
import { InvalidConfigError } from './config-error';
import { loadConfig } from './config.loader';
import { substituteEnv } from './env-substitution';

const KEY = Buffer.alloc(32, 7).toString('base64');

const fakeConnector: Connector = {
  id: 'fake',
  system: 'dingtalk',
  capabilities: { inbound: [], effects: ['notify'], unsupported: { tagTalentPool: 'no tag API' }, repeat: { notify: 'unsafe' } },
  defaultRateLimit: { max: 10, durationMs: 1000 },
  credentialFields: [
    { name: 'appKey', secret: false, required: true, description: 'the app key' },
    { name: 'appSecret', secret: true, required: true, description: 'the app secret' },
  ],
  settingsSchema: { type: 'object', additionalProperties: false, properties: { baseUrl: { type: 'string', format: 'uri', default: 'https://x.example' } } },
  parse: () => [],
  apply: async () => ({ outcome: 'applied' }),
};
const connectors = new ConnectorRegistry([fakeConnector]);

function configDir(hub: string, tenants: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  writeFileSync(join(dir, 'hub.yaml'), hub);
  mkdirSync(join(dir, 'tenants'));
  for (const [name, text] of Object.entries(tenants)) writeFileSync(join(dir, 'tenants', name), text);
  return dir;
}

const goodTenant = `
id: acme
apiKeys: [{ name: ops, key: "\${env:ACME_KEY:-acme-key-0123456789}" }]
connections:
  - id: main
    connector: fake
    credentials: { appKey: k, appSecret: "\${env:ACME_SECRET}" }
`;

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InvalidConfigError) return e.message;
    throw e;
  }
  throw new Error('expected InvalidConfigError');
}

describe('loadConfig', () => {
  it('loads, substitutes env and applies defaults', () => {
    const dir = configDir(`security: { encryptionKey: "\${env:KEY}" }\nserver: { port: "\${env:PORT:-3100}" }`, { 'acme.yaml': goodTenant });
    const cfg = loadConfig({ dir, env: { KEY, ACME_SECRET: 's3cret' }, connectors });
    expect(cfg.hub.server.port).toBe(3100);
    expect(cfg.hub.pipeline.deliveryAttempts).toBe(8);
    const t = cfg.tenants[0];
    expect(t.connections[0].credentials.appSecret).toBe('s3cret');
    expect(t.connections[0].settings).toEqual({ baseUrl: 'https://x.example' });
    expect(t.connections[0].mapping.interviewKind).toBe('ai_cloud');
    expect(t.policies.talentPool).toBe('潜在候选人');
    expect(t.policies.unsafeEffects).toBe('atMostOnce');
    expect(t.identity).toEqual({ candidates: [], interviewers: [], recruiters: [], positions: [] });
    expect(cfg.hub.retention).toEqual({ inboxDays: 30, rejectedDays: 7, deliveryDays: 30, runEveryMinutes: 60 });
    expect(t.timezone).toBe('+08:00');
  });

  it('names file, path and fix for every problem', () => {
    const dir = configDir('security: { encryptionKey: short }', {
      'acme.yaml': `id: acme
apiKeys: [{ name: ops, key: acme-key-0123456789 }]
connections:
  - id: main
    connector: fake
    credentials: { appKey: k, extra: x }
    settings: { baseUrl: 12 }
    effects: [tagTalentPool]
  - id: other
    connector: nope
    credentials: {}
`,
    });
    const msg = problemsOf(() => loadConfig({ dir, env: {}, connectors }));
    expect(msg).toMatch(/hub\.yaml: \/security\/encryptionKey must match pattern/);
    expect(msg).toMatch(/acme\.yaml: \/connections\/0\/credentials\/appSecret is required — fix: the app secret \(secret: use \$\{env:NAME\}\)/);
    expect(msg).toMatch(/acme\.yaml: \/connections\/0\/credentials\/extra is not a credential of the fake connector/);
    expect(msg).toMatch(/acme\.yaml: \/connections\/0\/settings\/baseUrl must match format "uri"/);
    expect(msg).toMatch(/acme\.yaml: \/connections\/0\/effects asks for "tagTalentPool", which the fake connector cannot apply: no tag API/);
    expect(msg).toMatch(/acme\.yaml: \/connections\/1\/connector names "nope", which is not installed — fix: use one of: fake/);
  });

  it('reports a missing env variable, a YAML syntax error and a file named after another id', () => {
    const dir = configDir(`security: { encryptionKey: "\${env:KEY}" }`, {
      'acme.yaml': goodTenant.replace('id: acme', 'id: acme2'),
      'broken.yaml': 'id: [unclosed',
    });
    const msg = problemsOf(() => loadConfig({ dir, env: {}, connectors }));
    expect(msg).toMatch(/hub\.yaml: \/security\/encryptionKey needs environment variable KEY, which is not set/);
    expect(msg).toMatch(/acme\.yaml: \/connections\/0\/credentials\/appSecret needs environment variable ACME_SECRET/);
    expect(msg).toMatch(/acme\.yaml: \/id is "acme2" but the file is named acme\.yaml/);
    expect(msg).toMatch(/broken\.yaml: line 1 /);
  });

  it('refuses a rate limit for a connector that is not installed, and identity rows naming unknown connections', () => {
    const dir = configDir(`security: { encryptionKey: "${KEY}" }\nrateLimits: { fake: { max: 5, durationMs: 1000 }, dingtalkk: { max: 5, durationMs: 1000 } }`, {
      'acme.yaml': `${goodTenant}identity:\n  candidates: [{ ids: { main: c-1, ghost: c-9 }, phone: "13800138000" }]\n  interviewers: [{ ids: { main: u-1 } }]\n`,
    });
    const msg = problemsOf(() => loadConfig({ dir, env: { ACME_SECRET: 'x' }, connectors }));
    expect(msg).toMatch(/hub\.yaml: \/rateLimits\/dingtalkk names "dingtalkk", which is not an installed connector — fix: use one of: fake/);
    expect(msg).toMatch(/acme\.yaml: \/identity\/candidates\/0\/ids\/ghost names connection "ghost", which this tenant does not have — fix: use one of: main/);
    expect(msg).not.toMatch(/rateLimits\/fake|interviewers/);
  });

  it('refuses one API key shared by two tenants', () => {
    const dir = configDir(`security: { encryptionKey: "${KEY}" }`, {
      'acme.yaml': goodTenant,
      'beta.yaml': goodTenant.replace('id: acme', 'id: beta'),
    });
    expect(problemsOf(() => loadConfig({ dir, env: { ACME_SECRET: 'x' }, connectors }))).toMatch(/beta\.yaml: \/apiKeys\/0\/key is also an API key of tenant "acme"/);
  });
});

describe('substituteEnv', () => {
  it('replaces placeholders inside strings and lists what came from the environment', () => {
    const out = substituteEnv({ a: 'x-${env:A}-y', b: ['${env:B:-dflt}'], c: 3 }, { A: '1' });
    expect(out.value).toEqual({ a: 'x-1-y', b: ['dflt'], c: 3 });
    expect(out.fromEnv).toEqual(['/a', '/b/0']);
    expect(out.missing).toEqual([]);
  });
});
