import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './hub-harness';

/** A hub process from the compiled build (npm test builds before running jest). */
export interface HubProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnHubProcess(entry: 'hub' | 'worker', env: Record<string, string>): HubProcess {
  const main = join(REPO_ROOT, 'dist', 'apps', entry, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm test does it)`);
  const child = spawn(process.execPath, ['-r', join(REPO_ROOT, 'scripts', 'register-paths.js'), main], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until the hub process on `port` answers `GET /health/live`; its base URL. */
export async function listening(p: HubProcess, port: number, timeoutMs = 30_000): Promise<string> {
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) throw new Error(`the hub process exited before listening:\n${p.output()}`);
    if ((await fetch(`${url}/health/live`).then((r) => r.ok).catch(() => false))) return url;
    if (Date.now() > deadline) throw new Error(`the hub process did not listen on ${port} within ${timeoutMs} ms:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What the crash points of a process cut short: `CRASH-POINT <point> #<n> <subject>` lines (see CrashPoints). */
export function crashes(output: string): { point: string; subject: string }[] {
  return [...output.matchAll(/^CRASH-POINT (\S+) #\d+ (.+)$/gm)].map((m) => ({ point: m[1], subject: m[2] }));
}
