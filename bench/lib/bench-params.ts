import { resolve } from 'node:path';

/** The bench's fixed names (demo tenant, its DingTalk connection, API key), its environment knobs and its log. */

// Compiled to dist/bench/lib/: three levels up is the project root.
export const ROOT = resolve(__dirname, '..', '..', '..');
export const TENANT = 'demo';
export const CONNECTION = 'dingtalk-main';
export const API_KEY = 'demo-api-key-0000000001';
export const DEMO_INTERVIEWS = ['iv-demo-1001', 'iv-demo-1002', 'iv-demo-1003', 'iv-demo-1004'];
export const QUEUE_PREFIX = 'bench';

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

export const params = {
  n: intEnv('BENCH_N', 200, 1, 5000),
  cancelConcurrency: intEnv('BENCH_CANCEL_CONCURRENCY', 16, 1, 256),
  /** Cancel calls per second in the burst; 0 = as fast as BENCH_CANCEL_CONCURRENCY allows. */
  cancelRate: intEnv('BENCH_CANCEL_RATE', 0, 0, 10_000),
  /** Cancellations measured one at a time, each after the pipeline went quiet. */
  isolatedN: intEnv('BENCH_ISOLATED_N', 5, 0, 1000),
  ingestConcurrency: intEnv('BENCH_CONCURRENCY', 32, 1, 1024),
  ingestSeconds: intEnv('BENCH_DURATION_S', 10, 1, 600),
  warmupSeconds: intEnv('BENCH_WARMUP_S', 2, 0, 60),
  maxRequests: intEnv('BENCH_MAX_REQUESTS', 2_000_000, 1, 100_000_000),
  phaseTimeoutSeconds: intEnv('BENCH_PHASE_TIMEOUT_S', 300, 10, 3600),
  drainTimeoutSeconds: intEnv('BENCH_DRAIN_TIMEOUT_S', 180, 0, 3600),
  /** Before each isolated cancellation and the ingest runs: how long to wait for earlier backlog. */
  settleTimeoutSeconds: intEnv('BENCH_SETTLE_TIMEOUT_S', 600, 0, 3600),
  totalTimeoutSeconds: intEnv('BENCH_TIMEOUT_S', 1800, 60, 7200),
};

export const log = (msg: string): void => {
  process.stderr.write(`[bench] ${new Date().toISOString().slice(11, 23)} ${msg}\n`);
};
