import type { BackendResults } from './bench-results';
import type { E2EResult } from './e2e-phase';
import type { IngestRun, NewEventRun } from './ingest-phase';
import type { LoadMode } from './load';
import type { QueueStats } from './pipeline-stats';
import { notAProcess, type ResourceUsage } from './resources';
import type { SandboxCounts } from './sandbox-counts';
import { fmt, table } from './stats';

/** The per-backend sections of the generated results block. */

const ms = (v: number): string => `${fmt(v)} ms`;

export const MODE_LABEL: Record<LoadMode, string> = {
  'dingtalk-unique': 'POST /webhooks/demo/dingtalk-main, new eventId each',
  'dingtalk-duplicate': 'POST /webhooks/demo/dingtalk-main, one repeated eventId',
  health: 'GET /health/live',
};

export function traffic(s: SandboxCounts): string {
  const calls = Object.entries(s.byApi).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  const outcomes = Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${calls || 'none'} (outcomes: ${outcomes || 'none'})`;
}

function queueTable(queues: QueueStats[]): string {
  return table(
    ['queue', 'jobs finished in phase (Bull keeps the last 1000)', 'wait p50', 'wait p99', 'run p50', 'run p99', 'failed'],
    queues.map((q) => [q.queue, String(q.jobs), ms(q.waitMs.p50), ms(q.waitMs.p99), ms(q.runMs.p50), ms(q.runMs.p99), String(q.failed)]),
  );
}

/** What an origin's cancellation is in the report, by origin connection (results without one are DingTalk's). */
/**
 * `pushes: false`: the vendor does not call the hub (it is polled); `unit`: what the phase's offered rate counts;
 * `polls`: what the origin connection's polls for changes were for (default: push hints, or the short poll interval).
 */
const ORIGIN_TEXT: Record<string, { vendor: string; sent: string; pushes?: false; unit?: string; polls?: string }> = {
  'dingtalk-main': { vendor: 'DingTalk', sent: 'the sandbox cancel call was sent' },
  'yonyou-main': { vendor: 'YonBIP', sent: 'the last approval of the 面试取消申请 was sent' },
  // K/3 Cloud has no push: the hub polls it.
  'kingdee-main': { vendor: 'K/3 Cloud', sent: 'the batch of cancelled rows was sent to K/3', pushes: false, unit: 'batches' },
  // Beisen is the target here: the cancellations are posted to the hub's API (keyed by the Beisen interview id);
  // beisen-main's own polls only read back the hub's writes (suppressed as echoes).
  'beisen-main': { vendor: 'API', sent: 'POST /v1/cancellations was sent', pushes: false, unit: 'posts', polls: 'its scheduled interval; they read back the hub\'s own writes' },
};

export function e2eSection(r: E2EResult, title: string): string {
  const origin = ORIGIN_TEXT[r.origin ?? 'dingtalk-main'] ?? { vendor: r.origin ?? '?', sent: 'the cancellation was sent' };
  const stages = table(
    [`stage (time since ${origin.sent})`, 'n', 'p50', 'p90', 'p99', 'max'],
    r.stages.map((s) => [s.stage, String(s.latency.count), ms(s.latency.p50), ms(s.latency.p90), ms(s.latency.p99), ms(s.latency.max)]),
  );
  const targets = Object.entries(r.targets).map(([k, v]) => `\`${k}\` ×${v}`).join(', ');
  const perCancellation = Object.entries(r.deliveriesPerCancellation).map(([k, v]) => `${k} deliveries ×${v}`).join(', ');
  const statusCounts: Record<string, number> = {};
  for (const t of r.traces) statusCounts[t.finalStatus ?? 'not recorded'] = (statusCounts[t.finalStatus ?? 'not recorded'] ?? 0) + 1;
  const statuses = Object.entries(statusCounts).map(([k, v]) => `${k} ×${v}`).join(', ');
  const p = r.polls;
  const sweeps = p.sweepRunMs.length ? `; scheduled sweeps overlapping the phase ran ${p.sweepRunMs.map((x) => ms(x)).join(', ')} (in their own lane)` : '';
  const split = r.label === 'isolated' && p.vendorMs.count ? `; per poll, ${origin.vendor} queries until the last one p50 ${ms(p.vendorMs.p50)} (max ${ms(p.vendorMs.max)}), then checking what it found against the inbox and storing the new ones p50 ${ms(p.afterMs.p50)} (max ${ms(p.afterMs.max)})` : '';
  return [
    `#### ${title}: ${r.traces.length} cancellations, ${r.mode}${r.offeredRate ? ` (${fmt(r.offeredRate, 1)}${origin.unit ? ` ${origin.unit}` : ''}/s achieved)` : ''}`,
    '',
    `- complete: ${r.complete}/${r.traces.length}${origin.pushes === false ? '' : `; pushes the hub did not acknowledge correctly (${origin.vendor} would count the call as failed): ${r.pushFailures}`}`,
    r.inconsistent.length
      ? `- **inconsistent records: ${r.inconsistent.length}** cancellation(s) reported \`${r.inconsistent.map((t) => t.finalStatus).join('/')}\` while a delivery is not final (${r.inconsistent.map((t) => `${t.interviewId}: ${(t.deliveryTargets ?? []).join(' ')}`).join('; ')}); left out of the last-receipt figures`
      : '- inconsistent records (cancellation done, a delivery not final): 0',
    r.label === 'isolated'
      ? '- throughput: not meaningful here (one cancellation at a time, waiting for a quiet pipeline in between)'
      : `- throughput: **${fmt(r.eventsPerSec, 1)} events/s** (${r.complete} cancellations from the first ${origin.vendor} cancellation to the last final receipt, ${fmt(r.spanMs / 1000, 2)} s)`,
    `- last receipt latency: **p50 ${ms(r.lastReceipt.p50)}, p99 ${ms(r.lastReceipt.p99)}** (min ${ms(r.lastReceipt.min)}, max ${ms(r.lastReceipt.max)})`,
    `- deliveries per cancellation: ${perCancellation || 'none'}; targets: ${targets || 'none'}; cancellation statuses: ${statuses || 'none'}`,
    `- delivered to the subscriber more than once by the time the phase was read back: ${r.traces.filter((t) => (t.subscriberArrivals ?? 0) > 1).length}`,
    `- polls of ${r.origin ?? 'dingtalk-main'} in the phase, as far as Bull still keeps them (the last 1,000 poll jobs): ${p.changes} for changes (${origin.polls ?? (origin.pushes === false ? 'the short poll interval' : 'push hints')}), ${p.subjects} for named subjects, ${p.sweep} scheduled sweeps; ${p.deferred} poll jobs found another poll in their lane running and re-queued themselves${sweeps}${split}`,
    `- DingTalk sandbox traffic in the phase: ${traffic(r.sandbox)}`,
    ...(r.yonbip && Object.keys(r.yonbip.byApi).length ? [`- YonBIP simulator traffic in the phase: ${traffic(r.yonbip)}`] : []),
    ...(r.k3 && Object.keys(r.k3.byApi).length ? [`- K/3 simulator traffic in the phase: ${traffic(r.k3)}`] : []),
    ...(r.beisen && Object.keys(r.beisen.byApi).length ? [`- Beisen simulator traffic in the phase: ${traffic(r.beisen)}`] : []),
    '',
    stages,
    '',
    'Bull jobs that finished during the phase (wait = runnable → picked up; run = picked up → finished):',
    '',
    queueTable(r.queues),
    '',
  ].join('\n');
}

function runRow(label: string, run: IngestRun): string[] {
  const x = run.result;
  return [
    label,
    String(x.concurrency),
    String(x.requests),
    fmt(x.reqPerSec),
    `${fmt(x.latencyMs.p50, 1)} ms`,
    `${fmt(x.latencyMs.p90, 1)} ms`,
    `${fmt(x.latencyMs.p99, 1)} ms`,
    `${fmt(x.latencyMs.max, 1)} ms`,
    Object.entries(x.statuses).map(([s, c]) => `${s}×${c}`).join(' ') + (x.errors ? ` errors×${x.errors}` : ''),
    x.mode === 'health' ? '–' : `${x.repliesChecked} / ${x.repliesBad}`,
  ];
}

function drainLine(label: string, n: NewEventRun): string {
  const d = n.drain;
  return `- ${label}: ${d.accepted} events accepted (warm-up included); ${d.leftAtLoadEnd} were still to ingest when the load stopped, ${d.timedOut ? `and the worker had NOT finished ${fmt(d.seconds, 1)} s after the run started (BENCH_DRAIN_TIMEOUT_S)` : `the last was ingested ${fmt(d.afterLoadSeconds, 1)} s later: **${fmt(d.eventsPerSec)} events/s** accepted → ingested`}. DingTalk traffic during the run (the polls its hints asked for, and a scheduled sweep if one overlapped): ${traffic(n.sandbox)}.`;
}

export function ingestSection(r: BackendResults): string {
  const i = r.ingest;
  if (!i) return '';
  const rows = [runRow(MODE_LABEL['dingtalk-unique'], i.fresh.run), runRow(MODE_LABEL['dingtalk-duplicate'], i.redelivery), runRow(MODE_LABEL.health, i.health)];
  if (r.seeded && r.seed) rows.splice(1, 0, runRow(`${MODE_LABEL['dingtalk-unique']}, ${fmt(r.seed.records)} inbox records stored`, r.seeded.run));
  const p = r.params;
  return [
    `#### Ingest (${p.ingestSeconds} s per run after a ${p.warmupSeconds} s warm-up, ${p.ingestConcurrency} keep-alive lanes, load from a worker thread of the bench driver)`,
    '',
    table(['endpoint', 'concurrency', 'requests', 'req/s', 'p50', 'p90', 'p99', 'max', 'statuses', 'replies checked / bad'], rows),
    '',
    drainLine('new events, inbox as the end-to-end phases left it', i.fresh),
    r.seeded && r.seed ? drainLine(`new events, ${fmt(r.seed.records)} inbox records stored`, r.seeded) : '',
    r.seed ? `- the ${fmt(r.seed.records)} inbox records (+ as many outcomes, ~${fmt(r.seed.docBytes)} bytes per inbox document, spread over ${p.inboxSeedDays} days) were inserted through the driver in ${fmt(r.seed.seconds, 1)} s (${fmt(r.seed.perSecond)} records/s); the database processes were idle again ${fmt(r.seedQuietSeconds ?? NaN, 1)} s later, and the run above started then` : '',
    '',
    queueTable(i.fresh.queues),
    '',
  ].filter((l, idx, all) => l !== '' || all[idx - 1] !== '').join('\n');
}

/** CPU per process and event-loop utilization per phase. */
export function resourceSection(r: BackendResults): string {
  const names = r.resourceNames ?? [];
  const loops = r.loopNames ?? [];
  const phases: Array<[string, ResourceUsage | undefined]> = [
    ['end-to-end burst', r.burst?.resources],
    ['end-to-end Yonyou burst', r.yonyouBurst?.resources],
    ['end-to-end Kingdee batches', r.kingdeeBurst?.resources],
    ['end-to-end Beisen burst', r.beisenBurst?.resources],
    ['end-to-end isolated (includes the quiet waits)', r.isolated?.resources],
    ['no load (3 s, before the ingest runs)', r.ingest?.idle],
    [`ingest: ${MODE_LABEL.health}`, r.ingest?.health.resources],
    [`ingest: ${MODE_LABEL['dingtalk-duplicate']}`, r.ingest?.redelivery.resources],
    [`ingest: ${MODE_LABEL['dingtalk-unique']}`, r.ingest?.fresh.run.resources],
    ['worker draining what that run accepted', r.ingest?.fresh.drain.resources],
    [`ingest: new events, ${fmt(r.seed?.records ?? NaN)} inbox records stored`, r.seeded?.run.resources],
    ['worker draining what that run accepted', r.seeded?.drain.resources],
  ];
  const procs = names.filter((n) => !n.startsWith('machine'));
  const machine = names.filter((n) => n.startsWith('machine'));
  const pct = (v: number | undefined) => `${fmt(v ?? NaN)} %`;
  const rows = phases
    // A sample shorter than half a second says nothing (a drain that had nothing left to do).
    .filter((x): x is [string, ResourceUsage] => !!x[1] && x[1].wallSeconds >= 0.5)
    .map(([phase, u]) => {
      const total = procs.filter((n) => !notAProcess(n)).reduce((s, n) => s + (u.cpuPercent[n] ?? 0), 0);
      const busy = u.cpuPercent[machine[0]];
      const others = busy === undefined ? NaN : Math.max(0, busy - total);
      return [phase, fmt(u.wallSeconds, 1), ...procs.map((n) => pct(u.cpuPercent[n])), pct(total), ...machine.map((n) => pct(u.cpuPercent[n])), pct(others), ...loops.map((n) => pct((u.loop[n] ?? NaN) * 100))];
    });
  return [
    `#### Where the CPU went (per phase; 100 % = one core, the machine has ${r.machine.nproc}; "event loop busy" = event-loop utilization of that process's main thread)`,
    '',
    table(['phase', 'wall s', ...procs.map((n) => (n.includes('waiting') ? n : `${n} CPU`)), 'sum of the processes', ...machine, 'anything else on the machine', ...loops.map((n) => `${n} event loop busy`)], rows),
    '',
  ].join('\n');
}

/** CPU milliseconds per unit of work, by process: what one request or one cancellation costs the machine. */
export function costSection(r: BackendResults): string {
  const procs = (r.resourceNames ?? []).filter((n) => !notAProcess(n));
  const work: Array<[string, ResourceUsage | undefined, number | undefined]> = [
    ['end-to-end burst, per cancellation', r.burst?.resources, r.burst?.complete],
    ['end-to-end Yonyou burst, per cancellation', r.yonyouBurst?.resources, r.yonyouBurst?.complete],
    ['end-to-end Kingdee batches, per cancellation', r.kingdeeBurst?.resources, r.kingdeeBurst?.complete],
    ['end-to-end Beisen burst, per cancellation', r.beisenBurst?.resources, r.beisenBurst?.complete],
    ['redelivered event, per request', r.ingest?.redelivery.resources, r.ingest?.redelivery.result.ok],
    ['new event, per request (its ingest included, as far as it ran during the run)', r.ingest?.fresh.run.resources, r.ingest?.fresh.run.result.ok],
    [`new event, ${fmt(r.seed?.records ?? NaN)} inbox records stored, per request`, r.seeded?.run.resources, r.seeded?.run.result.ok],
    ['GET /health/live, per request', r.ingest?.health.resources, r.ingest?.health.result.ok],
  ];
  const ms = (u: ResourceUsage, n: number, pct: number) => (pct / 100) * u.wallSeconds * 1000 / n;
  const rows = work
    .filter((w): w is [string, ResourceUsage, number] => !!w[1] && !!w[2])
    .map(([label, u, n]) => {
      const per = procs.map((p) => ms(u, n, u.cpuPercent[p] ?? 0));
      const list = (redis: boolean) =>
        Object.entries(u.commands ?? {})
          .filter(([name, c]) => c / n >= 0.01 && name.startsWith('redis:') === redis && !['ping', 'hello', 'isMaster', 'ismaster', 'endSessions', 'serverStatus', 'unknown', 'redis:info', 'redis:ping'].includes(name))
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([name, c]) => `${name.replace(/^redis:/, '')} ${fmt(c / n, c / n < 10 ? 2 : 0)}`)
          .join(', ') || 'n/a';
      return [label, ...per.map((v) => fmt(v, 2)), fmt(per.reduce((a, b) => a + b, 0), 2), list(false), list(true)];
    });
  if (!rows.length) return '';
  return [
    'CPU milliseconds and database commands per unit of work (CPU of the phase ÷ units; the load generator runs in the bench driver; commands as the database server counts them, the bench\'s own waiting reads included in the burst):',
    '',
    table(['work', ...procs.map((p) => `${p} ms`), 'all ms', 'database commands per unit', 'Redis commands per unit (top 8)'], rows),
    '',
  ].join('\n');
}

export function sizesSection(r: BackendResults): string {
  if (!r.sizes.length) return '';
  return ['#### Data size after each phase (documents per collection)', '', table(['after', ...Object.keys(r.sizes[0].counts)], r.sizes.map((x) => [x.after, ...Object.values(x.counts).map((v) => fmt(v))])), ''].join('\n');
}
