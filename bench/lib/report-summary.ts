import type { BackendResults } from './bench-results';
import type { E2EResult } from './e2e-phase';
import { callsText, deliveriesText, duplicatesCell, failedBy429Cell, transferText } from './report-beisen';
import { rowsCell, savesText } from './report-kingdee';
import type { SandboxCounts } from './sandbox-counts';
import { fmt, table } from './stats';

/**
 * The summary table: one row per measure, the acceptance target of the project's current issue with ✓/✗
 * per backend (a missed target is reported, never an error), and the previous recorded run beside it.
 */

const ok = (pass: boolean): string => (pass ? '✓' : '✗');
const secs = (ms: number): string => `${fmt(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
/** An ingest run's rate and p99, with the target's mark. */
const rateCell = (x: { reqPerSec: number; latencyMs: { p99: number } }, met: boolean): string => `${fmt(x.reqPerSec)} req/s (p99 ${fmt(x.latencyMs.p99, 1)} ms) ${ok(met)}`;

/** The run recorded before the pipeline rewrite: commit a735608, FerretDB/SQLite, everything in one process, burst of 200 all at once. */
export const PREVIOUS = {
  label: 'previous (a735608: SQLite, one process, old pipeline)',
  burst: '200 all at once → 3.5 events/s',
  lastReceipt: '24.2 s / 55.6 s',
  isolated: '1.11 s / 1.25 s',
  fresh: '129 req/s',
  redelivery: '22 req/s',
  health: '16,390 req/s',
  bans: '69',
};

/** API name → calls per cancellation of the phase `b` (`counts` = one vendor's records of it), most frequent first. */
export function callsPerCancellation(b: E2EResult | undefined, counts: (b: E2EResult) => SandboxCounts | undefined = (x) => x.sandbox): string {
  const c = b && counts(b);
  if (!b || !c) return 'n/a';
  return (
    Object.entries(c.byApi)
      .sort((x, y) => y[1] - x[1])
      .map(([api, n]) => `${api} ${fmt(n / b.traces.length, 2)}`)
      .join(', ') || 'none'
  );
}

/** Scheduled sweeps of any connection that ran during the timeline phase `name` ("dingtalk-main 101.7 s"). */
function sweepsDuring(r: BackendResults, name: string): string[] {
  const p = r.timeline.find((x) => x.phase === name);
  if (!p || !r.sweeps) return [];
  return r.sweeps.filter((s) => s.startedAt < p.to && s.startedAt + s.ms > p.from).map((s) => `${s.connectionId ?? 'a connection'} ${fmt(s.ms / 1000, 1)} s`);
}

const cancellationsCell = (b: E2EResult | undefined): string =>
  b ? `${b.complete}/${b.traces.length}, offered at ${fmt(b.offeredRate ?? NaN, 1)}/s${b.pushFailures ? ` (${b.pushFailures} pushes not accepted)` : ''}` : 'n/a';

export function bans(r: BackendResults): number | undefined {
  return r.sandboxTotal ? r.sandboxTotal.outcomes.banned ?? 0 : undefined;
}

interface Row {
  measure: string;
  target: string;
  cell: (r: BackendResults) => string;
  previous: string;
}

const rows: Row[] = [
  {
    measure: 'end-to-end DingTalk burst: cancellations',
    target: '1,000 at 35/s',
    cell: (r) => cancellationsCell(r.burst),
    previous: PREVIOUS.burst,
  },
  {
    measure: 'end-to-end DingTalk burst: throughput',
    target: '≥ 30 events/s',
    cell: (r) => (r.burst ? `${fmt(r.burst.eventsPerSec, 1)} events/s ${ok(r.burst.eventsPerSec >= 30 && r.burst.complete === r.burst.traces.length)}` : 'n/a'),
    previous: '3.5 events/s',
  },
  {
    measure: 'end-to-end DingTalk burst: vendor push → last receipt p50 / p99',
    target: 'p99 ≤ 10 s',
    cell: (r) => (r.burst ? `${secs(r.burst.lastReceipt.p50)} / ${secs(r.burst.lastReceipt.p99)} ${ok(r.burst.lastReceipt.p99 <= 10_000)}${r.burst.polls.sweepRunMs.length ? ' (a scheduled sweep overlapped the burst)' : ''}` : 'n/a'),
    previous: PREVIOUS.lastReceipt,
  },
  { measure: 'end-to-end DingTalk burst: DingTalk calls per cancellation (push = the vendor\'s own callback)', target: '–', cell: (r) => callsPerCancellation(r.burst), previous: 'QueryInterviews 8.3, GetFlowInfo 4.2 (200 all at once)' },
  { measure: 'end-to-end Yonyou burst: cancellations (面试取消申请 approved at its last level)', target: '–', cell: (r) => cancellationsCell(r.yonyouBurst), previous: '–' },
  {
    measure: 'end-to-end Yonyou burst: throughput',
    target: '–',
    cell: (r) => (r.yonyouBurst ? `${fmt(r.yonyouBurst.eventsPerSec, 1)} events/s` : 'n/a'),
    previous: '–',
  },
  {
    measure: 'end-to-end Yonyou burst: last approval → last receipt p50 / p99',
    target: '–',
    cell: (r) => {
      if (!r.yonyouBurst) return 'n/a';
      const sweeps = sweepsDuring(r, 'end-to-end Yonyou burst');
      return `${secs(r.yonyouBurst.lastReceipt.p50)} / ${secs(r.yonyouBurst.lastReceipt.p99)}${sweeps.length ? ` (scheduled sweeps overlapped: ${sweeps.join(', ')})` : ''}`;
    },
    previous: '–',
  },
  {
    measure: 'end-to-end Yonyou burst: YonBIP / DingTalk calls per cancellation (event-center, push = YonBIP\'s own calls)',
    target: '–',
    cell: (r) => (r.yonyouBurst ? `YonBIP: ${callsPerCancellation(r.yonyouBurst, (b) => b.yonbip)}; DingTalk: ${callsPerCancellation(r.yonyouBurst)}` : 'n/a'),
    previous: '–',
  },
  {
    measure: 'end-to-end Kingdee batches: interviews cancelled in K/3 Cloud (batches with one reason and batch id each)',
    target: '10,000',
    cell: (r) => {
      const b = r.kingdeeBurst;
      if (!b) return 'n/a';
      const p = r.params;
      const pace = p.kingdeeRate ? `offered at ${p.kingdeeRate} batches/s (${fmt(b.offeredRate ?? NaN, 1)}/s achieved)` : 'all at once';
      return `${b.complete}/${b.traces.length} in ${Math.ceil(b.traces.length / p.kingdeeBatch)} batches of ≤${p.kingdeeBatch}, ${pace}, polled every ${p.kingdeePollSeconds} s`;
    },
    previous: '–',
  },
  {
    measure: 'end-to-end Kingdee batches: throughput; first batch sent → all receipts',
    target: '–',
    cell: (r) => (r.kingdeeBurst ? `${fmt(r.kingdeeBurst.eventsPerSec, 1)} events/s; ${secs(r.kingdeeBurst.spanMs)}` : 'n/a'),
    previous: '–',
  },
  {
    measure: 'end-to-end Kingdee batches: batch sent → last receipt p50 / p99 (subscriber + talent pool + follow-up in K/3)',
    target: '–',
    cell: (r) => {
      if (!r.kingdeeBurst) return 'n/a';
      // kingdee-main's own sweeps are how the cancellations arrive (every BENCH_KINGDEE_POLL_S): counted, not listed.
      const sweeps = sweepsDuring(r, 'end-to-end Kingdee batches');
      return `${secs(r.kingdeeBurst.lastReceipt.p50)} / ${secs(r.kingdeeBurst.lastReceipt.p99)}${sweeps.length ? ` (${sweeps.length} scheduled sweeps during the phase)` : ''}`;
    },
    previous: '–',
  },
  {
    measure: 'end-to-end Kingdee batches: K/3 writes (calls, rows per call) and logins',
    target: '–',
    cell: (r) => (r.kingdeeWrites ? `${savesText(r.kingdeeWrites)}; ${r.kingdeeWrites.logins} logins` : 'n/a'),
    previous: '–',
  },
  {
    measure: 'end-to-end Kingdee batches: K/3 rows per interview, talent pool (潜在候选人) and follow-up reminder',
    target: 'exactly 1 each',
    cell: rowsCell,
    previous: '–',
  },
  {
    measure: 'end-to-end Beisen burst: cancellations posted to POST /v1/cancellations for one Beisen tenant (Beisen as target, the simulator\'s default limits on)',
    target: '500',
    cell: (r) => (r.beisenBurst ? `${r.beisenBurst.complete}/${r.beisenBurst.traces.length} complete, posted all at once (≤${r.params.cancelConcurrency} in flight, ${fmt(r.beisenBurst.offeredRate ?? NaN, 1)}/s achieved)` : 'n/a'),
    previous: '–',
  },
  {
    measure: 'end-to-end Beisen burst: first post → all receipts (beisen-main alone); last receipt p50 / p99',
    target: '–',
    cell: (r) => {
      const b = r.beisenBurst;
      if (!b) return 'n/a';
      const own = r.beisenWrites ? ` (${secs(r.beisenWrites.deliveries.allReceiptsMs)})` : '';
      return `${secs(b.spanMs)}${own}; ${secs(b.lastReceipt.p50)} / ${secs(b.lastReceipt.p99)}`;
    },
    previous: '–',
  },
  {
    measure: 'end-to-end Beisen burst: deliveries to beisen-main by final status',
    target: 'all delivered',
    cell: (r) => {
      const w = r.beisenWrites;
      if (!w) return 'n/a';
      const delivered = Object.values(w.deliveries.byEffect).reduce((n, by) => n + (by.delivered ?? 0), 0);
      return `${deliveriesText(w)} ${ok(w.deliveries.total > 0 && delivered === w.deliveries.total)}`;
    },
    previous: '–',
  },
  { measure: 'end-to-end Beisen burst: deliveries failed by 429', target: '0', cell: failedBy429Cell, previous: '–' },
  {
    measure: 'end-to-end Beisen burst: duplicates (an apply transferred, an interview cancelled, a pool or tag write accepted for an applicant more than once)',
    target: '0',
    cell: duplicatesCell,
    previous: '–',
  },
  {
    measure: 'end-to-end Beisen burst: TransferPhase batching; Beisen calls per API',
    target: '–',
    cell: (r) => (r.beisenWrites ? `${transferText(r.beisenWrites)}; ${callsText(r.beisenWrites)}` : 'n/a'),
    previous: '–',
  },
  {
    measure: 'per-IP bans by the DingTalk sandbox (whole run)',
    target: '0',
    cell: (r) => (bans(r) === undefined ? 'n/a' : `${bans(r)} ${ok(bans(r) === 0)}`),
    previous: PREVIOUS.bans,
  },
  {
    measure: 'end-to-end isolated: last receipt p50 / p99',
    target: '–',
    cell: (r) => (r.isolated ? `${secs(r.isolated.lastReceipt.p50)} / ${secs(r.isolated.lastReceipt.p99)}` : 'n/a'),
    previous: PREVIOUS.isolated,
  },
  {
    measure: 'signed ingest, new events',
    target: '≥ 1,000 req/s',
    cell: (r) => {
      const x = r.ingest?.fresh.run.result;
      return x ? rateCell(x, x.reqPerSec >= 1000) : 'n/a';
    },
    previous: PREVIOUS.fresh,
  },
  {
    measure: 'signed ingest, redeliveries of one event',
    target: '≥ new events',
    cell: (r) => {
      const x = r.ingest?.redelivery.result;
      const fresh = r.ingest?.fresh.run.result.reqPerSec ?? NaN;
      return x ? rateCell(x, x.reqPerSec >= fresh) : 'n/a';
    },
    previous: PREVIOUS.redelivery,
  },
  {
    measure: 'signed ingest, new events, after seeding the inbox (BENCH_INBOX_SEED, 100k)',
    target: '≥ 80 % of the run before the seed',
    cell: (r) => {
      const x = r.seeded?.run.result;
      const empty = r.ingest?.fresh.run.result.reqPerSec ?? NaN;
      return x && r.seed ? `${fmt(x.reqPerSec)} req/s = ${fmt((x.reqPerSec / empty) * 100)} % (${fmt(r.seed.records)} records) ${ok(x.reqPerSec >= 0.8 * empty)}` : 'n/a';
    },
    previous: '–',
  },
  {
    measure: 'GET /health/live (no database)',
    target: '–',
    cell: (r) => (r.ingest ? `${fmt(r.ingest.health.result.reqPerSec)} req/s` : 'n/a'),
    previous: PREVIOUS.health,
  },
  {
    measure: 'worker: new events accepted → ingested (before / after the seed)',
    target: '–',
    cell: (r) => [r.ingest?.fresh.drain, r.seeded?.drain].map((d) => (d ? `${fmt(d.eventsPerSec)}${d.timedOut ? ' (not drained)' : ''}` : 'n/a')).join(' / ') + ' events/s',
    previous: '20.6 events/s',
  },
  {
    measure: 'subscriber: repeated arrivals / inconsistent records',
    target: '0 / 0',
    cell: (r) => {
      const phases = [r.burst, r.yonyouBurst, r.kingdeeBurst, r.beisenBurst, r.isolated];
      return `${r.subscriber?.duplicates ?? 'n/a'} / ${phases.some(Boolean) ? phases.reduce((n, b) => n + (b?.inconsistent.length ?? 0), 0) : 'n/a'}`;
    },
    previous: '0 / 0',
  },
];

export function backendLabel(r: BackendResults): string {
  return `FerretDB/${r.params.backend === 'postgresql' ? 'PostgreSQL' : 'SQLite'} (${r.params.topology})`;
}

export function summaryTable(results: BackendResults[], withPrevious = true): string {
  const header = ['measure', 'target', ...results.map(backendLabel), ...(withPrevious ? [PREVIOUS.label] : [])];
  const body = rows.map((row) => [row.measure, row.target, ...results.map((r) => (r.error && !r.burst && !r.kingdeeBurst && !r.beisenBurst ? 'broken run' : row.cell(r))), ...(withPrevious ? [row.previous] : [])]);
  body.push(['run', '–', ...results.map((r) => (r.error ? 'BROKEN: see the log' : 'complete')), ...(withPrevious ? ['–'] : [])]);
  return table(header, body);
}
