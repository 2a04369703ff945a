/** The bench's fixed names (demo tenant, its DingTalk and YonBIP connections, API key; the Kingdee and Beisen tenants), its environment knobs and its log. */

/** Project root: scripts/bench.sh sets BENCH_ROOT (the bench runs from a snapshot of dist/ under .run/bench/). */
export const ROOT = process.env.BENCH_ROOT || process.cwd();
export const TENANT = 'demo';
export const CONNECTION = 'dingtalk-main';
/** The YonBIP connection of the demo tenant: origin of the Yonyou burst (no effects of its own in the bench tenant). */
export const YONYOU_CONNECTION = 'yonyou-main';
export const API_KEY = 'demo-api-key-0000000001';
/**
 * The Kingdee scenario's tenant: `kingdee-main` (K/3 Cloud) alone, beside the demo tenant. In the demo tenant every
 * Kingdee cancellation would also get DingTalk's effects (DingTalk is a target of every other origin), paced at
 * 20 jobs/s: that pace would bound the Kingdee figures, and the Yonyou burst measures it already.
 */
export const KINGDEE_TENANT = 'bench-kingdee';
export const KINGDEE_CONNECTION = 'kingdee-main';
export const KINGDEE_API_KEY = 'bench-kingdee-api-key-0000000001';
/**
 * The Beisen scenario's tenant: `beisen-main` (Beisen iTalent) alone, as the TARGET of cancellations made through the
 * hub's own API (POST /v1/cancellations), under the Beisen simulator's default rate limits (see beisen-target.ts).
 */
export const BEISEN_TENANT = 'bench-beisen';
export const BEISEN_CONNECTION = 'beisen-main';
export const BEISEN_API_KEY = 'bench-beisen-api-key-00000000001';
export const DEMO_INTERVIEWS = ['iv-demo-1001', 'iv-demo-1002', 'iv-demo-1003', 'iv-demo-1004'];
export const QUEUE_PREFIX = 'bench';

/** An 11-digit mobile number unique to the run: `prefix` (3 digits), 4 digits of the run tag, the index. */
export const runPhone = (prefix: string, runTag: string, i: number): string => `${prefix}${runTag.slice(-4).replace(/\D/g, '0').padStart(4, '0')}${String(i).padStart(4, '0')}`;

export type Backend = 'postgresql' | 'sqlite';
export type Topology = 'split' | 'all';

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

const backend = oneOf<Backend>('BENCH_BACKEND', 'postgresql', ['postgresql', 'sqlite']);
const burstN = intEnv('BENCH_N', 1000, 1, 5000);
/** FerretDB/SQLite detects a burst about 8× slower: a 1,000-cancellation burst alone takes ~5 minutes there. */
const SQLITE_BURST_CAP = 300;
const cancelRate = intEnv('BENCH_CANCEL_RATE', 35, 0, 10_000);
const yonyouN = intEnv('BENCH_YONYOU_N', 300, 0, 5000);
/** A YonBIP cancellation costs DingTalk several writes (20/s per connection): 100 take ~30 s on SQLite already. */
const SQLITE_YONYOU_CAP = 100;
const kingdeeN = intEnv('BENCH_KINGDEE_N', 10_000, 0, 50_000);
/** 10,000 cancellations are out of reach of FerretDB/SQLite in a bench run (~10 events/s there). */
const SQLITE_KINGDEE_CAP = 1000;
/** On FerretDB/SQLite after the Kingdee batches, a POST /v1/cancellations of the Beisen burst took over 15 s (16 in flight). */
const SQLITE_BEISEN_CAP = 100;
const beisenN = intEnv('BENCH_BEISEN_N', 500, 0, 5000);
const ONLY = ['all', 'kingdee', 'beisen'] as const;

export const params = {
  /** FerretDB's storage of this run (scripts/bench.sh runs the bench once per backend). */
  backend,
  /** `split`: one HUB_ROLE=hub process + one worker process (production); `all`: one HUB_ROLE=all process. */
  topology: oneOf<Topology>('BENCH_TOPOLOGY', 'split', ['split', 'all']),
  /** Cancellations of the burst; on SQLite BENCH_SQLITE_N, by default BENCH_N capped at 300. */
  n: backend === 'sqlite' ? intEnv('BENCH_SQLITE_N', Math.min(burstN, SQLITE_BURST_CAP), 1, 5000) : burstN,
  cancelConcurrency: intEnv('BENCH_CANCEL_CONCURRENCY', 16, 1, 256),
  /** Cancel calls per second in the burst; 0 = as fast as BENCH_CANCEL_CONCURRENCY allows. */
  cancelRate,
  /** YonBIP-origin cancellations (面试取消申请 approved at its last level) after the DingTalk burst; 0 skips them. On SQLite capped at 100. */
  yonyouN: backend === 'sqlite' ? Math.min(yonyouN, SQLITE_YONYOU_CAP) : yonyouN,
  /** Last approvals per second in the Yonyou burst (0 = as fast as BENCH_CANCEL_CONCURRENCY allows); default BENCH_CANCEL_RATE. */
  yonyouRate: intEnv('BENCH_YONYOU_RATE', cancelRate, 0, 10_000),
  /** Interviews cancelled in K/3 Cloud in the Kingdee scenario (after the Yonyou burst); 0 skips it. On SQLite capped at 1,000. */
  kingdeeN: backend === 'sqlite' ? Math.min(kingdeeN, SQLITE_KINGDEE_CAP) : kingdeeN,
  /** Interviews per batch: one reason and one batch id (FBatchId) per batch, inserted by one `POST /_sandbox/kingdee/k3/rows`. */
  kingdeeBatch: intEnv('BENCH_KINGDEE_BATCH', 100, 1, 2000),
  /** Batches inserted per second; 0 (default) = all at once, ≤ BENCH_CANCEL_CONCURRENCY inserts in flight (a mass cancellation). */
  kingdeeRate: intEnv('BENCH_KINGDEE_RATE', 0, 0, 1000),
  /** How often the Kingdee connection is polled during the scenario (the bench adds the poll jobs; see kingdee-origin.ts). */
  kingdeePollSeconds: intEnv('BENCH_KINGDEE_POLL_S', 5, 5, 300),
  /** Bound of the Kingdee scenario (10,000 deliveries to the subscriber alone take 200 s at the webhook connector's 50/s). */
  kingdeeTimeoutSeconds: intEnv('BENCH_KINGDEE_TIMEOUT_S', 1800, 10, 7200),
  /** Cancellations posted to the hub's API for the Beisen connection (Beisen as target, simulator limits on); 0 skips it. */
  beisenN: backend === 'sqlite' ? Math.min(beisenN, SQLITE_BEISEN_CAP) : beisenN,
  /** Bound of the Beisen scenario: first post until every delivery is final. */
  beisenTimeoutSeconds: intEnv('BENCH_BEISEN_TIMEOUT_S', 900, 10, 7200),
  /** `kingdee` / `beisen`: run only that scenario (its warm-up and burst), skipping every other phase. */
  only: oneOf<(typeof ONLY)[number]>('BENCH_ONLY', 'all', ONLY),
  /** Cancellations measured one at a time, each after the pipeline went quiet. */
  isolatedN: intEnv('BENCH_ISOLATED_N', 5, 0, 1000),
  ingestConcurrency: intEnv('BENCH_CONCURRENCY', 32, 1, 1024),
  ingestSeconds: intEnv('BENCH_DURATION_S', 10, 1, 600),
  warmupSeconds: intEnv('BENCH_WARMUP_S', 2, 0, 60),
  maxRequests: intEnv('BENCH_MAX_REQUESTS', 2_000_000, 1, 100_000_000),
  /** Inbox records (with outcomes) stored directly before the second new-event ingest run; 0 skips it. */
  inboxSeed: intEnv('BENCH_INBOX_SEED', 100_000, 0, 2_000_000),
  /** Days over which the seeded inbox records' receivedAt is spread (ending now). */
  inboxSeedDays: intEnv('BENCH_INBOX_SEED_DAYS', 7, 1, 29),
  phaseTimeoutSeconds: intEnv('BENCH_PHASE_TIMEOUT_S', 300, 10, 3600),
  /** After the new-event runs: how long to wait for the worker to ingest what they accepted. */
  drainTimeoutSeconds: intEnv('BENCH_DRAIN_TIMEOUT_S', 300, 0, 3600),
  /** Before each isolated cancellation and the ingest runs: how long to wait for earlier backlog. */
  settleTimeoutSeconds: intEnv('BENCH_SETTLE_TIMEOUT_S', 300, 0, 3600),
  totalTimeoutSeconds: intEnv('BENCH_TIMEOUT_S', 3600, 60, 14_400),
};

export type BenchParams = typeof params;

export const log = (msg: string): void => {
  process.stderr.write(`[bench ${params.backend}] ${new Date().toISOString().slice(11, 23)} ${msg}\n`);
};
