import type { LoadedConfig } from '@hub/config';
import type { ResolveHost } from '@hub/connector-sdk';
import type { HubRole } from './runtime.tokens';

/** What a process needs to boot; everything has an environment default. */
export interface RuntimeOptions {
  role: HubRole;
  mongoUrl: string;
  redisUrl: string;
  configDir?: string;
  env: NodeJS.ProcessEnv;
  /** Prefix of every Redis key, so several hubs (or test files) can share one Redis. */
  queuePrefix: string;
  /** Background schedules (polls, sweeper); tests may switch them off and drive steps by hand. */
  schedules: boolean;
  /** How long a worker holds a job before another may take it over after a crash (Bull lockDuration). */
  jobLockMs: number;
  /** Name resolution for outbound calls to tenant-chosen URLs; the system resolver unless a test injects one (no real DNS). */
  outboundResolver?: ResolveHost;
  /** The config, when the process loaded it before Nest starts (the HTTP server needs its settings first). */
  config?: LoadedConfig;
}

export function runtimeOptionsFromEnv(role: HubRole, env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  const mongoUrl = env.MONGO_URL;
  const redisUrl = env.REDIS_URL;
  if (!mongoUrl) throw new Error('MONGO_URL is not set (npm run demo and npm test start a local server and set it)');
  if (!redisUrl) throw new Error('REDIS_URL is not set (npm run demo and npm test start a local server and set it)');
  return { role, mongoUrl, redisUrl, configDir: env.HUB_CONFIG_DIR, env, queuePrefix: env.HUB_QUEUE_PREFIX ?? 'hrhub', schedules: env.HUB_SCHEDULES !== 'off', jobLockMs: jobLockMs(env) };
}

export function jobLockMs(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.HUB_JOB_LOCK_MS ?? 30_000);
  if (!Number.isInteger(ms) || ms < 1000) throw new Error(`HUB_JOB_LOCK_MS must be an integer ≥ 1000 (got "${env.HUB_JOB_LOCK_MS}")`);
  return ms;
}
