import { readdirSync, readFileSync } from 'node:fs';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** CPU per process of the bench's world, read from /proc, plus the event-loop utilization of the hub processes. */

interface ProcStat {
  ppid: number;
  /** utime + stime, clock ticks. */
  own: number;
  /** cutime + cstime: children that exited and were waited for. */
  children: number;
}

function readStat(path: string): ProcStat | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    // After the command name (which may contain spaces): state is field 3, ppid 4, utime 14 … cstime 17.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU ticks of a process and every child it has or had: its own, what exited children left in its
 * cutime/cstime, and its live children's (PostgreSQL: the postmaster and all backends and helpers).
 */
function treeTicks(pid: number): number | undefined {
  const root = readStat(`/proc/${pid}/stat`);
  if (!root) return undefined;
  let ticks = root.own + root.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
    const s = readStat(`/proc/${entry}/stat`);
    if (s && s.ppid === pid) ticks += s.own + s.children;
  }
  return ticks;
}

/** Machine-wide CPU ticks from /proc/stat (all CPUs): busy = user+nice+system+irq+softirq+steal, and steal alone. */
function machineTicks(which: 'busy' | 'steal'): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return which === 'steal' ? steal : user + nice + system + irq + softirq + steal;
  } catch {
    return undefined;
  }
}

/** Seconds a thread spent runnable but waiting for a CPU (/proc/…/schedstat, second field, ns). */
function runDelaySeconds(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/…/stat (getconf CLK_TCK; scripts/bench.sh passes it as BENCH_CLK_TCK). */
const TICKS = Number(process.env.BENCH_CLK_TCK) || 100;
const seconds = (ticks: number | undefined): number | undefined => (ticks === undefined ? undefined : ticks / TICKS);

export interface Watched {
  name: string;
  /** Cumulative seconds (of CPU, or of waiting for one); undefined when unreadable (process gone). */
  seconds: () => number | undefined;
  /** Cumulative event-loop utilization of the process's main thread, when the bench can ask for it. */
  elu?: () => Promise<EventLoopUtilization | undefined>;
}

export const watch = {
  process: (name: string, pid: number, elu?: Watched['elu']): Watched => ({ name, seconds: () => seconds(readStat(`/proc/${pid}/stat`)?.own), elu }),
  mainThread: (name: string, pid: number): Watched => ({ name, seconds: () => seconds(readStat(`/proc/${pid}/task/${pid}/stat`)?.own) }),
  /** The main thread's time runnable but not running (another process had the CPU). */
  waiting: (name: string, pid: number): Watched => ({ name, seconds: () => runDelaySeconds(pid) }),
  tree: (name: string, pid: number): Watched => ({ name, seconds: () => seconds(treeTicks(pid)) }),
  machine: (name: string, which: 'busy' | 'steal'): Watched => ({ name, seconds: () => seconds(machineTicks(which)) }),
};

/** Watched entries that are not one process of their own (left out of the per-process sum). */
export const notAProcess = (name: string): boolean => name.includes('main thread') || name.startsWith('machine');

export interface ResourceSample {
  wallMs: number;
  seconds: Record<string, number | undefined>;
  /** Cumulative counters of the database server (commands by name), when it reports them. */
  counters?: Record<string, number>;
  elu: Record<string, EventLoopUtilization | undefined>;
}

export interface ResourceUsage {
  wallSeconds: number;
  /** Percent of the interval, per watched entry: CPU (100 % = one core) or time waiting for a CPU. */
  cpuPercent: Record<string, number | undefined>;
  /** Event-loop utilization (0..1) over the interval, per process that reports it. */
  loop: Record<string, number | undefined>;
  /** Database commands run during the interval, by name (serverStatus metrics.commands). */
  commands?: Record<string, number>;
}

export class ResourceMonitor {
  constructor(
    private readonly watched: Watched[],
    private readonly counters?: () => Promise<Record<string, number> | undefined>,
  ) {}

  names(): string[] {
    return this.watched.map((w) => w.name);
  }

  loopNames(): string[] {
    return this.watched.filter((w) => w.elu).map((w) => w.name);
  }

  async sample(): Promise<ResourceSample> {
    const elu: ResourceSample['elu'] = {};
    await Promise.all(this.watched.filter((w) => w.elu).map(async (w) => (elu[w.name] = await w.elu?.())));
    const secs: ResourceSample['seconds'] = {};
    for (const w of this.watched) secs[w.name] = w.seconds();
    const counters = await this.counters?.().catch(() => undefined);
    return { wallMs: performance.now(), seconds: secs, elu, counters };
  }

  async since(start: ResourceSample): Promise<ResourceUsage> {
    const end = await this.sample();
    const wallSeconds = (end.wallMs - start.wallMs) / 1000;
    const cpuPercent: ResourceUsage['cpuPercent'] = {};
    const loop: ResourceUsage['loop'] = {};
    for (const w of this.watched) {
      const a = start.seconds[w.name];
      const b = end.seconds[w.name];
      cpuPercent[w.name] = a === undefined || b === undefined || wallSeconds <= 0 ? undefined : ((b - a) / wallSeconds) * 100;
      const ea = start.elu[w.name];
      const eb = end.elu[w.name];
      if (ea && eb) {
        const active = eb.active - ea.active;
        const total = active + (eb.idle - ea.idle);
        loop[w.name] = total > 0 ? active / total : undefined;
      }
    }
    let commands: ResourceUsage['commands'];
    if (start.counters && end.counters) {
      commands = {};
      for (const [k, v] of Object.entries(end.counters)) {
        const d = v - (start.counters[k] ?? 0);
        if (d > 0) commands[k] = d;
      }
    }
    return { wallSeconds, cpuPercent, loop, commands };
  }
}
