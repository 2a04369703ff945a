import type { params } from './bench-params';
import type { E2EResult } from './e2e-phase';
import type { IngestResult } from './ingest-phase';
import type { MachineInfo } from './machine';

/** Everything one benchmark run measured: what the report renders and BENCH_RESULTS_JSON dumps. */

export interface BenchResults {
  machine: MachineInfo;
  params: typeof params;
  commit?: string;
  trackedCandidates: number;
  burst: E2EResult;
  isolated?: E2EResult;
  ingest: IngestResult;
  resourceNames: string[];
  /** How long the pipeline needed to go quiet after each phase (backlog left when the wait gave up). */
  settles: Array<{ after: string; seconds: number; left: number }>;
  subscriber: { deliveries: number; duplicates: number; rejected: number };
  /** Collection sizes after each phase. */
  sizes: Array<{ after: string; counts: Record<string, number> }>;
}
