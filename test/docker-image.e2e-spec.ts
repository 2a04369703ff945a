// Acceptance: the production image carries no tenant with a known key. Without a Docker engine, the image's files
// from the build context are worked out from the Dockerfile's COPY lines and .dockerignore (docker-image-files.ts);
// every tenant file among them must take its API keys from the environment, and no file may hold a well-known key.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { WELL_KNOWN_API_KEYS, substituteEnv } from '@hub/config';
import { imageFilesFromContext } from './support/docker-image-files';
import { REPO_ROOT } from './support/hub-harness';

const DEMO_TENANT = join(REPO_ROOT, 'demo', 'config', 'tenants', 'demo.yaml');

/** Why each image file would give away an API key: a well-known key anywhere, or a tenant key that is not taken from the environment. */
function bakedInKeys(contextDir: string, files: Map<string, string>): string[] {
  const problems: string[] = [];
  const known = WELL_KNOWN_API_KEYS.filter((k) => k.length >= 16); // shorter ones are not valid keys at all (tenant schema)
  for (const [imagePath, origin] of files) {
    const text = readFileSync(join(contextDir, origin), 'utf8');
    for (const k of known) if (text.toLowerCase().includes(k)) problems.push(`${imagePath} (from ${origin}) holds the well-known API key ${k}`);
    if (!/\.ya?ml$/.test(origin)) continue;
    let doc: { apiKeys?: { name?: string; key?: string }[] } | null;
    try {
      doc = parse(text);
    } catch {
      continue; // a file that does not parse stops the hub at boot; the text check above still applies
    }
    if (!Array.isArray(doc?.apiKeys)) continue;
    const resolved = substituteEnv(doc.apiKeys, {}).value as { name?: string; key?: string }[];
    resolved.forEach((k, i) => {
      if (k?.key) problems.push(`${imagePath} (from ${origin}): API key "${k.name ?? i}" is in the file (or its \${env:…:-default}), not only in the environment`);
    });
  }
  return problems;
}

/** A build context of its own: the given files (context path → text), the repository's Dockerfile and .dockerignore unless replaced. */
function context(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-docker-context-'));
  const all = { Dockerfile: readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'), '.dockerignore': readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8'), ...files };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the production image (Dockerfile)', () => {
  it('carries config/hub.yaml from the context, and no tenant with a key that is not from the environment', () => {
    const files = imageFilesFromContext(REPO_ROOT);
    expect(files.get('/app/config/hub.yaml')).toBe('config/hub.yaml');
    expect(files.get('/app/package.json')).toBe('package.json');
    expect([...files.keys()].some((f) => f.startsWith('/app/node_modules/') || f.startsWith('/app/dist/'))).toBe(false); // built in the image, not copied
    expect([...files.values()].filter((f) => f.includes('demo'))).toEqual([]);
    expect(bakedInKeys(REPO_ROOT, files)).toEqual([]);
  });

  it('would be caught carrying the demo tenant: its file in config/tenants/ fails the check', () => {
    const dir = context({ 'config/hub.yaml': 'security: { encryptionKey: "${env:HUB_ENCRYPTION_KEY}" }\n', 'config/tenants/demo.yaml': readFileSync(DEMO_TENANT, 'utf8') });
    const problems = bakedInKeys(dir, imageFilesFromContext(dir));
    expect(problems).toContain('/app/config/tenants/demo.yaml (from config/tenants/demo.yaml) holds the well-known API key demo-api-key-0000000001');
    expect(problems).toContain('/app/config/tenants/demo.yaml (from config/tenants/demo.yaml): API key "demo-admin" is in the file (or its ${env:…:-default}), not only in the environment');
  });

  it('keeps demo/ out of the build context (.dockerignore), even for a Dockerfile that copies everything', () => {
    const copyAll = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\n';
    const demo = { Dockerfile: copyAll, 'demo/config/tenants/demo.yaml': readFileSync(DEMO_TENANT, 'utf8') };
    const withIgnore = context(demo);
    expect(bakedInKeys(withIgnore, imageFilesFromContext(withIgnore))).toEqual([]);
    const withoutIgnore = context({ ...demo, '.dockerignore': '.git\n' });
    expect(imageFilesFromContext(withoutIgnore).get('/app/demo/config/tenants/demo.yaml')).toBe('demo/config/tenants/demo.yaml');
    expect(bakedInKeys(withoutIgnore, imageFilesFromContext(withoutIgnore)).length).toBeGreaterThan(0);
  });

  it('accepts a tenant whose keys come from the environment only, and flags one with a default or a literal', () => {
    const tenant = (key: string) => `id: acme\napiKeys: [{ name: ops, key: "${key}" }]\nconnections: []\n`;
    const ok = context({ 'config/tenants/acme.yaml': tenant('${env:ACME_API_KEY}') });
    expect(bakedInKeys(ok, imageFilesFromContext(ok))).toEqual([]);
    for (const key of ['${env:ACME_API_KEY:-acme-key-0123456789abcdef}', 'acme-key-0123456789abcdef']) {
      const baked = context({ 'config/tenants/acme.yaml': tenant(key) });
      expect(bakedInKeys(baked, imageFilesFromContext(baked))).toEqual([expect.stringContaining('/app/config/tenants/acme.yaml (from config/tenants/acme.yaml): API key "ops"')]);
    }
  });
});

describe('the Dockerfile runs the hub in production mode', () => {
  it('sets NODE_ENV=production, so the hub refuses well-known and short API keys', () => {
    expect(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ENV NODE_ENV=production\b/m);
  });
});
