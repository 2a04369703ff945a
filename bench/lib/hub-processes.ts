import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { ROOT, log, params } from './bench-params';
import { JsonClient, sleep } from './http-client';

/**
 * The hub as production runs it: separate OS processes started from the compiled build (`split`: one
 * HUB_ROLE=hub process serving HTTP and one worker process; `all`: one HUB_ROLE=all process). Each writes
 * its JSON log to .run/bench/<backend>-<name>.log and gets the bench's preload (child-probe) for
 * event-loop figures. Their pids are listed in .run/bench/children.pids so scripts/bench.sh can make sure
 * none outlives the bench.
 */

export const RUN_DIR = join(ROOT, '.run', 'bench');
const DIST = join(__dirname, '..', '..');
const PIDS_FILE = join(RUN_DIR, 'children.pids');

export interface HubChild {
  name: 'hub' | 'worker';
  role: 'hub' | 'worker' | 'all';
  pid: number;
  logFile: string;
  proc: ChildProcess;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class HubProcesses {
  readonly children: HubChild[] = [];
  url = '';

  /** Starts the processes of `params.topology` and waits until they serve (hub) and consume (worker). */
  async start(env: NodeJS.ProcessEnv): Promise<void> {
    mkdirSync(RUN_DIR, { recursive: true });
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const common = { ...env, HOST: '127.0.0.1', PORT: String(port) };
    if (params.topology === 'all') {
      this.spawnChild('hub', 'all', join(DIST, 'apps/hub/src/main.js'), { ...common, HUB_ROLE: 'all' });
    } else {
      this.spawnChild('hub', 'hub', join(DIST, 'apps/hub/src/main.js'), { ...common, HUB_ROLE: 'hub' });
      this.spawnChild('worker', 'worker', join(DIST, 'apps/worker/src/main.js'), { ...common, HUB_ROLE: 'worker' });
    }
    writeFileSync(PIDS_FILE, this.children.map((c) => `${c.pid}\n`).join(''));
    const deadline = Date.now() + 90_000;
    const health = new JsonClient(this.url, {}, 1, 2000);
    try {
      for (;;) {
        for (const c of this.children) {
          if (c.proc.exitCode !== null || c.proc.signalCode !== null) throw new Error(`${c.name} process exited during startup (${c.proc.exitCode ?? c.proc.signalCode}); last lines of ${c.logFile}:\n${tail(c.logFile)}`);
        }
        const served = await health.call('GET', '/health/live').then((r) => r.status === 200, () => false);
        const consuming = this.children.every((c) => c.role === 'hub' || readFileSync(c.logFile, 'utf8').includes('"msg":"worker.started"'));
        if (served && consuming) break;
        if (Date.now() > deadline) throw new Error(`the hub processes did not come up within 90 s; last lines:\n${this.children.map((c) => `${c.logFile}:\n${tail(c.logFile)}`).join('\n')}`);
        await sleep(200);
      }
    } finally {
      health.close();
    }
    log(`hub processes up (${params.topology}): ${this.children.map((c) => `${c.name} pid ${c.pid} (HUB_ROLE=${c.role}, log ${c.logFile})`).join(', ')}; HTTP on ${this.url}`);
  }

  private spawnChild(name: HubChild['name'], role: HubChild['role'], main: string, env: NodeJS.ProcessEnv): void {
    const logFile = join(RUN_DIR, `${params.backend}-${name}.log`);
    const fd = openSync(logFile, 'w');
    const nodeArgs = ['-r', join(DIST, 'bench', 'snapshot-paths.js'), '-r', join(__dirname, 'child-probe.js')];
    if (process.env.BENCH_PROFILE === '1') nodeArgs.unshift('--cpu-prof', `--cpu-prof-dir=${join(RUN_DIR, 'profile')}`, `--cpu-prof-name=${params.backend}-${name}.cpuprofile`);
    const proc = spawn(process.execPath, [...nodeArgs, main], { cwd: ROOT, env, stdio: ['ignore', fd, fd, 'ipc'] });
    closeSync(fd);
    if (!proc.pid) throw new Error(`could not start the ${name} process (${main})`);
    proc.channel?.unref();
    this.children.push({ name, role, pid: proc.pid, logFile, proc });
  }

  /** Cumulative event-loop utilization of a child's main thread (undefined when it does not answer within 5 s). */
  async elu(c: HubChild): Promise<EventLoopUtilization | undefined> {
    if (!c.proc.connected) return undefined;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), 5000);
      const onMessage = (m: { elu?: EventLoopUtilization }) => m.elu && done(m.elu);
      const done = (v: EventLoopUtilization | undefined) => {
        clearTimeout(timer);
        c.proc.off('message', onMessage);
        resolve(v);
      };
      c.proc.on('message', onMessage);
      c.proc.send('elu', (err) => err && done(undefined));
    });
  }

  /** SIGTERM (the processes shut down as in production), SIGKILL after 20 s; only our own children, by pid. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (c) => {
        if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => c.proc.once('exit', () => resolve()));
        c.proc.kill('SIGTERM');
        if (await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)])) return;
        log(`${c.name} (pid ${c.pid}) did not exit 20 s after SIGTERM; sending SIGKILL`);
        c.proc.kill('SIGKILL');
        await Promise.race([exited, sleep(5000)]);
      }),
    );
    if (existsSync(PIDS_FILE)) writeFileSync(PIDS_FILE, '');
  }

  /** Last resort when the bench itself exits: SIGKILL whatever child is still running. */
  killNow(): void {
    for (const c of this.children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  }
}
