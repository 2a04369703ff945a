// Guards docker-compose.yml and the Dockerfile: `docker-compose config -q` (Debian's docker-compose, which
// `npm test` installs) must accept the compose file, and the structure (services, health-gated startup, replica set,
// environment names, required encryption key) is checked in every case, so the test fails if the file breaks.
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const DOCKERFILE = path.join(ROOT, 'Dockerfile');

type Env = Record<string, string>;
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Env | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: (string | number | { target?: number; published?: number | string })[];
  volumes?: (string | { source?: string; target?: string })[];
}
interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** A compose binary that can run `config`: docker-compose (v1, Debian) or the docker compose plugin. */
function findCompose(): string[] | undefined {
  for (const cmd of [['docker-compose'], ['docker', 'compose']]) {
    const r = spawnSync(cmd[0], [...cmd.slice(1), 'version'], { encoding: 'utf8', timeout: 30000 });
    if (!r.error && r.status === 0) return cmd;
  }
  return undefined;
}

function runCompose(cmd: string[], args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(cmd[0], [...cmd.slice(1), '-f', COMPOSE_FILE, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60000,
  });
}

function envOf(service: ComposeService): Env {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(
    env.map((entry) => {
      const i = entry.indexOf('=');
      return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
    }),
  );
}

function words(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

function healthConditions(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on;
  if (!deps || Array.isArray(deps)) return {};
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d?.condition]));
}

const compose = findCompose();
const text = readFileSync(COMPOSE_FILE, 'utf8');
const doc = parse(text, { merge: true }) as ComposeFile;
const services = doc.services ?? {};

describe('docker-compose.yml', () => {
  it(`is accepted by \`${(compose ?? ['docker-compose']).join(' ')} config -q\``, () => {
    if (!compose) throw new Error('no docker-compose (nor docker compose) on PATH: install Debian\'s docker-compose (npm test does, as root)');
    const r = runCompose(compose!, ['config', '-q'], { ...process.env, HUB_ENCRYPTION_KEY: 'compose-config-test-key' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const listed = runCompose(compose!, ['config', '--services'], { ...process.env, HUB_ENCRYPTION_KEY: 'k' });
    expect(listed.status).toBe(0);
    expect(listed.stdout.split(/\s+/).filter(Boolean).sort()).toEqual(['hub', 'mongo', 'redis', 'worker']);
  });

  it('refuses to render without HUB_ENCRYPTION_KEY', () => {
    if (!compose) throw new Error('no docker-compose (nor docker compose) on PATH: install Debian\'s docker-compose (npm test does, as root)');
    const env = { ...process.env };
    delete env.HUB_ENCRYPTION_KEY;
    const r = runCompose(compose!, ['config', '-q'], env);
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('HUB_ENCRYPTION_KEY');
  });

  it('defines exactly the four services', () => {
    expect(Object.keys(services).sort()).toEqual(['hub', 'mongo', 'redis', 'worker']);
  });

  it('runs MongoDB 7 as replica set rs0, initiated by its healthcheck, on a named volume', () => {
    const mongo = services.mongo;
    expect(mongo.image).toBe('mongo:7');
    expect(words(mongo.command)).toMatch(/--replSet[ =]rs0/);
    const check = words(mongo.healthcheck?.test);
    expect(check).toContain('rs.initiate');
    expect(check).toContain("'rs0'");
    expect(check).toContain('mongo:27017');
    const volumes = (mongo.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    expect(volumes.some((v) => v.endsWith(':/data/db'))).toBe(true);
    const named = volumes.map((v) => v.split(':')[0]).filter((v) => !v.startsWith('.') && !v.startsWith('/'));
    for (const name of named) expect(doc.volumes ?? {}).toHaveProperty([name]);
  });

  it('runs Redis 7 with appendonly and a PING healthcheck', () => {
    const redis = services.redis;
    expect(redis.image).toBe('redis:7-alpine');
    expect(words(redis.command)).toMatch(/--appendonly[ =]yes/);
    expect(words(redis.healthcheck?.test)).toMatch(/redis-cli.*ping/i);
  });

  it.each([
    ['hub', 'hub'],
    ['worker', 'worker'],
  ])('%s: built from the Dockerfile with HUB_ROLE=%s, the shared env and health-gated dependencies', (name, role) => {
    const svc = services[name];
    expect(svc.build).toBeDefined();
    expect(svc.image).toBe(services.hub.image);
    const env = envOf(svc);
    expect(env.HUB_ROLE).toBe(role);
    expect(env.MONGO_URL).toMatch(/^mongodb:\/\/mongo:27017\/\w+\?.*replicaSet=rs0/);
    expect(env.REDIS_URL).toMatch(/^redis:\/\/redis:6379/);
    expect(env.HUB_CONFIG_DIR).toBe('/app/config');
    // The operator's configuration (tenants included) is mounted read-only; the image ships none.
    expect((svc.volumes ?? []).map(String)).toContain('${HUB_CONFIG_PATH:-./config}:/app/config:ro');
    // Required, never defaulted: compose refuses to start without it.
    expect(env.HUB_ENCRYPTION_KEY).toMatch(/^\$\{HUB_ENCRYPTION_KEY:\?[^}]+\}$/);
    expect(healthConditions(svc)).toEqual({ mongo: 'service_healthy', redis: 'service_healthy' });
  });

  it('hub listens on PORT 3000, published, with an HTTP healthcheck', () => {
    const hub = services.hub;
    expect(envOf(hub).PORT).toBe('3000');
    const ports = (hub.ports ?? []).map((p) => (typeof p === 'object' ? `${p.published}:${p.target}` : String(p)));
    expect(ports.some((p) => /(^|:)3000$/.test(p))).toBe(true);
    expect(words(hub.healthcheck?.test)).toContain('/health');
  });

  it('worker runs the worker entry point', () => {
    expect(words(services.worker.command)).toContain('dist/apps/worker/src/main.js');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(DOCKERFILE, 'utf8');

  it('is a node:20-slim multi-stage build: npm ci, npm run build, dev dependencies pruned', () => {
    const stages = dockerfile.match(/^FROM\s+node:20-slim\s+AS\s+\w+/gim) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^COPY --from=\w+ \/app\/dist \.\/dist$/m);
  });

  it('starts the hub with the path-alias register hook', () => {
    expect(dockerfile).toContain('CMD ["node","-r","./scripts/register-paths.js","dist/apps/hub/src/main.js"]');
  });
});
