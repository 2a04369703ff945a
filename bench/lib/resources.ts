import { readFileSync } from 'node:fs';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** CPU seconds (user + system) of a process or thread from /proc; undefined when unreadable. */
function procCpuSeconds(statPath: string, ticksPerSecond: number): number | undefined {
  try {
    const stat = readFileSync(statPath, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export interface Watched {
  name: string;
  statPath: string;
}

export interface ResourceSample {
  wallMs: number;
  /** CPU seconds per watched process/thread. */
  cpu: Record<string, number | undefined>;
  elu: EventLoopUtilization;
}

export interface ResourceUsage {
  wallSeconds: number;
  /** Percent of one core, per watched process/thread, over the interval. */
  cpuPercent: Record<string, number | undefined>;
  /** Event-loop utilization of this (the hub's) main thread, 0..1. */
  mainLoopUtilization: number;
}

/**
 * Samples CPU time of the bench process (whole, and its main thread = the hub's event loop),
 * FerretDB and Redis, plus the main thread's event-loop utilization, so each phase can say
 * which component was busy.
 */
export class ResourceMonitor {
  private readonly watched: Watched[];

  constructor(
    private readonly ticksPerSecond: number,
    pids: { ferretdb?: number; redis?: number },
  ) {
    this.watched = [
      { name: 'bench process (all threads)', statPath: '/proc/self/stat' },
      { name: 'hub main thread', statPath: `/proc/self/task/${process.pid}/stat` },
    ];
    if (pids.ferretdb) this.watched.push({ name: 'FerretDB', statPath: `/proc/${pids.ferretdb}/stat` });
    if (pids.redis) this.watched.push({ name: 'Redis', statPath: `/proc/${pids.redis}/stat` });
  }

  names(): string[] {
    return this.watched.map((w) => w.name);
  }

  sample(): ResourceSample {
    const cpu: Record<string, number | undefined> = {};
    for (const w of this.watched) cpu[w.name] = procCpuSeconds(w.statPath, this.ticksPerSecond);
    return { wallMs: performance.now(), cpu, elu: performance.eventLoopUtilization() };
  }

  since(start: ResourceSample): ResourceUsage {
    const end = this.sample();
    const wallSeconds = (end.wallMs - start.wallMs) / 1000;
    const cpuPercent: Record<string, number | undefined> = {};
    for (const w of this.watched) {
      const a = start.cpu[w.name];
      const b = end.cpu[w.name];
      cpuPercent[w.name] = a === undefined || b === undefined || wallSeconds <= 0 ? undefined : ((b - a) / wallSeconds) * 100;
    }
    const elu = performance.eventLoopUtilization(end.elu, start.elu);
    return { wallSeconds, cpuPercent, mainLoopUtilization: elu.utilization };
  }
}
