import { join } from 'node:path';
import { OutboundPolicy, type Connection } from '@hub/connector-sdk';
import { createSandboxApp, type SandboxApp } from '../../../../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile, type SandboxSeed } from '../../../../../apps/vendor-sandbox/src/sandbox-options';
import { demoSettings } from './nc-demo.settings';

export { DEMO_INTERFACE, demoSettings, sampleEvent } from './nc-demo.settings';

/** Specs of the NC connector against the real NC simulator (apps/vendor-sandbox), over HTTP. Not built into the hub. */

export const NC_SEED_FILE = join(__dirname, '../../../../../apps/vendor-sandbox/seed/yonyou-nc.example.json');
/** The sandbox listens on loopback, which the hub's outbound policy refuses unless allowed. */
export const LOOPBACK = new OutboundPolicy({ allow: ['127.0.0.1'] });

export class NcSandbox {
  private constructor(
    readonly app: SandboxApp,
    readonly seed: SandboxSeed,
  ) {}

  static async start(): Promise<NcSandbox> {
    const seed = loadSeedFile(NC_SEED_FILE);
    return new NcSandbox(await createSandboxApp({ port: 0, seed }), seed);
  }

  get url(): string {
    return this.app.url;
  }

  connection(overrides: { settings?: Record<string, unknown>; credentials?: Record<string, string>; id?: string } = {}): Connection {
    const security = this.seed.yonyou!.nc!.security!;
    return {
      tenantId: 'spec',
      id: overrides.id ?? 'yonyou-nc',
      connector: 'yonyou-nc',
      credentials: overrides.credentials ?? { username: security.username, password: security.password },
      settings: { ...demoSettings(this.url), ...(overrides.settings ?? {}) },
    };
  }

  /** A control call of the NC simulator (`/_sandbox/yonyou/nc…`), failing the spec on an error status. */
  async control<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await fetch(`${this.url}/_sandbox/yonyou/nc${path}`, init);
    if (res.status >= 300) throw new Error(`NC sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** The seq of the last record so far: records after it belong to what comes next. */
  async mark(): Promise<number> {
    const all = await this.control<{ seq: number }[]>('GET', '/records');
    return all.length ? all[all.length - 1].seq : 0;
  }

  records(query: string): Promise<{ kind: string; api?: string; outcome: string; status?: number; body?: any; response?: any }[]> {
    return this.control('GET', `/records?${query}`);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
