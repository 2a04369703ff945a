import type { Connection, Effect } from '@hub/connector-sdk';
import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { resolveU8Settings, YonyouU8Connector } from '@hub/connectors/yonyou';
import type { CancellationEvent } from '@hub/schema';
import { sampleEvent } from '../../libs/schema/src/testing/sample-cancellation-event';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../../apps/vendor-sandbox/src/sandbox-options';
import { call, REPO_ROOT } from '../support/hub-harness';
import { join } from 'node:path';

/** The U8 connector against the U8 simulator, through the shared conformance suite. */
let sandbox: SandboxApp;
const seed = loadSeedFile(join(REPO_ROOT, 'apps', 'vendor-sandbox', 'seed', 'yonyou-u8.example.json'));
const app = seed.yonyou!.u8!.apps![0];

function connection(overrides: Partial<Record<string, string>> = {}): Connection {
  return {
    tenantId: 'contract',
    id: 'yonyou-u8',
    connector: 'yonyou-u8',
    credentials: { appKey: app.appKey, appSecret: app.appSecret, fromAccount: app.fromAccount, toAccount: app.toAccounts[0], ...overrides },
    // Result polls without waiting: what counts is how many the simulator received.
    settings: { baseUrl: sandbox.url, resultPoll: { intervalMs: 0 } },
  };
}

async function sandboxCall(method: string, path: string, body?: unknown) {
  const res = await call<any>(`${sandbox.url}${path}`, method, body, {});
  if (res.status >= 400) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describeConnectorConformance(
  'yonyou-u8',
  async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
    const connector = new YonyouU8Connector();
    let n = 0;
    /** A new interview each time: nothing of it is in U8 yet. */
    const freshEvent = async (): Promise<CancellationEvent> => {
      n += 1;
      const event = sampleEvent();
      event.id = `01JD00000000000000000U8${String(n).padStart(3, '0')}`;
      event.interview.key = `contract:iv-u8-${n}-${Date.now()}`;
      return event;
    };
    return {
      connector,
      connection: connection(),
      sampleEvent: freshEvent,
      effectParams: { candidateStatus: { status: '取消面试' } },
      // keyed: distinct archive codes (one per idempotency key) the effect's resource holds for this interview.
      applications: async (effect: Effect) => {
        const resource = resolveU8Settings(connection()).effects[effect.type as 'candidateStatus' | 'archiveInterview'].resource;
        const state = await sandboxCall('GET', '/_sandbox/yonyou/u8/state');
        const mine = state.records.filter((r: { resource: string; fields: Record<string, string> }) => r.resource === resource && r.fields.interview === effect.event.interview.key);
        return new Set(mine.map((r: { key: string }) => r.key)).size;
      },
      failNext: async (kind, times) => {
        const response =
          kind === 'server_error'
            ? { status: 500, body: 'Internal Server Error' }
            : { status: 200, body: { errcode: '30050', errmsg: '调用频率超限' } }; // the simulator's throttling errcode (UNCONFIRMED)
        await sandboxCall('POST', '/_sandbox/faults', { method: '*', path: '/api/*', responses: [response], times });
      },
      refusedCredentials: () => ({ connector: new YonyouU8Connector(), connection: connection({ appSecret: 'wrong-secret' }) }),
    };
  },
  async () => {
    await sandbox?.close();
  },
);

/** What the conformance suite does not see: an asynchronous add followed to its end, counted in the simulator. */
describe('yonyou-u8 contract: asynchronous adds', () => {
  it('follows sync=0 adds through their result URL and writes each effect once', async () => {
    const own = await createSandboxApp({ port: 0, seed });
    try {
      const conn = { ...connection(), settings: { baseUrl: own.url, resultPoll: { intervalMs: 0 } } };
      const ownCall = async (method: string, path: string, body?: unknown) => (await call<any>(`${own.url}${path}`, method, body, {})).body;
      await ownCall('POST', '/_sandbox/yonyou/u8/async-plans', { pendingPolls: 3, times: 2 });
      const connector = new YonyouU8Connector();
      const event = sampleEvent();
      const status = await connector.apply({ type: 'candidateStatus', idempotencyKey: 'contract-async-1', event, params: { status: '取消面试' } }, conn);
      const archive = await connector.apply({ type: 'archiveInterview', idempotencyKey: 'contract-async-1', event, params: {} }, conn);
      expect([status.outcome, archive.outcome]).toEqual(['applied', 'applied']);
      expect(await ownCall('GET', '/_sandbox/yonyou/u8/records?kind=result')).toHaveLength(8);
      const state = await ownCall('GET', '/_sandbox/yonyou/u8/state');
      expect(state.records.filter((r: { fields: Record<string, string> }) => r.fields.interview === event.interview.key).map((r: { resource: string }) => r.resource).sort()).toEqual(['interviewarchive', 'interviewstatus']);
    } finally {
      await own.close();
    }
  });
});
