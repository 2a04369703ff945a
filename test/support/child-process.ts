import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
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
