import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface MachineInfo {
  nproc: string;
  cpuModel: string;
  memory: string;
  node: string;
  os: string;
  date: string;
  ferretdb?: string;
  postgres?: string;
  redis?: string;
}

function run(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** What the numbers were measured on: `nproc`, /proc/cpuinfo model, memory, node, kernel, date. */
export function machineInfo(): MachineInfo {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':').slice(1).join(':').trim();
  } catch {
    /* keep os.cpus() */
  }
  let memory = `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  try {
    const kb = /MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (kb) memory = `${(Number(kb[1]) / 1024 ** 2).toFixed(1)} GiB (MemTotal)`;
  } catch {
    /* keep os.totalmem() */
  }
  const redis = run('redis-server', ['--version']);
  return {
    nproc: run('nproc', []) ?? String(cpus().length),
    cpuModel,
    memory,
    node: process.version,
    os: run('uname', ['-srm']) ?? process.platform,
    date: new Date().toISOString(),
    ferretdb: process.env.BENCH_FERRETDB_VERSION || undefined,
    postgres: process.env.BENCH_POSTGRES_VERSION || undefined,
    redis: redis ? (/v=(\S+)/.exec(redis)?.[1] ?? redis) : undefined,
  };
}
