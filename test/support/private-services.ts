import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './hub-harness';

/**
 * A FerretDB (on its own PostgreSQL cluster) and a Redis for one test file, which it may kill and start
 * again: `scripts/services.sh` with a profile of the test's own, on ports of its own. Used by the fault
 * tests, which must not disturb the services every other test file shares.
 */
export class PrivateServices {
  mongoUrl = '';
  redisUrl = '';

  constructor(
    readonly profile: string,
    private readonly ports: { ferretdb: number; redis: number; postgres: number },
  ) {}

  private run(command: 'start' | 'stop', fresh = false): string {
    return execFileSync('bash', [join(REPO_ROOT, 'scripts', 'services.sh'), command, '--profile', this.profile, ...(fresh ? ['--fresh'] : [])], {
      cwd: REPO_ROOT,
      env: { ...process.env, MONGO_URL: '', REDIS_URL: '', FERRETDB_PORT: String(this.ports.ferretdb), REDIS_PORT: String(this.ports.redis), POSTGRES_PORT: String(this.ports.postgres) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 180_000,
    });
  }

  /** Starts whatever of the profile is not running (a killed server comes back on its data). */
  start(fresh = false): this {
    const out = this.run('start', fresh);
    const env = Object.fromEntries([...out.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    this.mongoUrl = `${env.MONGO_URL.replace(/\/[^/?]*(\?|$)/, '/hrhub_faults$1')}`;
    this.redisUrl = env.REDIS_URL;
    return this;
  }

  stop(): void {
    this.run('stop');
  }

  pid(service: 'ferretdb' | 'redis'): number {
    return Number(readFileSync(join(REPO_ROOT, '.run', this.profile, `${service}.pid`), 'utf8').trim());
  }

  /** SIGKILL, as a crash would: no shutdown, nothing flushed. */
  kill(service: 'ferretdb' | 'redis'): void {
    process.kill(this.pid(service), 'SIGKILL');
  }
}
