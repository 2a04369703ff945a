import type { BenchParams } from './bench-params';
import type { E2EResult } from './e2e-phase';
import type { InboxSeed } from './inbox-seed';
import type { IngestResult, NewEventRun } from './ingest-phase';
import type { BeisenWrites } from './beisen-writes';
import type { KingdeeWrites } from './kingdee-writes';
import type { MachineInfo } from './machine';
import type { Settle } from './pipeline-idle';
import type { SweepRun } from './pipeline-stats';
import type { SandboxCounts } from './sandbox-counts';

/**
 * Everything one bench run against one FerretDB backend measured (written as JSON by pipeline.bench.ts,
 * read by render.bench.ts, which puts the backends side by side).
 */
export interface BackendResults {
  machine: MachineInfo;
  params: BenchParams;
  commit?: string;
  /** Processes watched for CPU, in table order, and those that report event-loop utilization. */
  resourceNames?: string[];
  loopNames?: string[];
  /** DingTalk-origin burst (`burst`), YonBIP-origin burst, K/3-origin batches, API cancellations to Beisen, isolated DingTalk cancellations. */
  burst?: E2EResult;
  yonyouBurst?: E2EResult;
  kingdeeBurst?: E2EResult;
  /** What the K/3 simulator says the hub wrote in the Kingdee scenario (calls, rows per call, logins, rows per interview). */
  kingdeeWrites?: KingdeeWrites;
  /** Cancellations posted to the hub's API with Beisen as their target, under the simulator's limits. */
  beisenBurst?: E2EResult;
  /** What the Beisen simulator and the deliveries to beisen-main say of that burst (429s, TransferPhase batching, writes per object). */
  beisenWrites?: BeisenWrites;
  isolated?: E2EResult;
  ingest?: IngestResult;
  /** The inbox history stored before the second new-event run, and that run. */
  seed?: InboxSeed;
  /** How long the database processes needed to go idle after the seed (PostgreSQL's autovacuum). */
  seedQuietSeconds?: number;
  seeded?: NewEventRun;
  /** Every DingTalk call the sandbox recorded during the run (bans included), and every YonBIP, K/3 and Beisen call. */
  sandboxTotal?: SandboxCounts;
  yonbipTotal?: SandboxCounts;
  k3Total?: SandboxCounts;
  beisenTotal?: SandboxCounts;
  /** How long the pipeline needed to go quiet after each phase. */
  settles: Array<{ after: string } & Settle>;
  subscriber?: { deliveries: number; duplicates: number; rejected: number };
  /** When each phase ran (epoch ms), and the scheduled sweeps of the run (each in its own poll lane). */
  timeline: Array<{ phase: string; from: number; to: number }>;
  sweeps?: SweepRun[];
  /** Collection sizes after each phase. */
  sizes: Array<{ after: string; counts: Record<string, number> }>;
  /** Set when the run broke part-way: what was measured until then is kept. */
  error?: string;
}
