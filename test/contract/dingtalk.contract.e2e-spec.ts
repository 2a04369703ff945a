import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection, RawWebhook } from '@hub/connector-sdk';
import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { DingTalkConnector } from '@hub/connectors/dingtalk';
import type { CancellationEvent } from '@hub/schema';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../../apps/vendor-sandbox/src/sandbox-options';
import { call, DEMO_SEED } from '../support/hub-harness';

/** The DingTalk connector against the DingTalk simulator, through the shared conformance suite. */
let sandbox: SandboxApp;
let capture: Server;
const seed = loadSeedFile(DEMO_SEED);
const app = seed.dingtalk!.apps![0];

function connection(overrides: Partial<Record<string, string>> = {}): Connection {
  return {
    tenantId: 'contract',
    id: 'dingtalk-main',
    connector: 'dingtalk',
    credentials: { appKey: app.appKey, appSecret: app.appSecret, corpId: app.corpId, token: app.callback!.token, aesKey: app.callback!.aesKey, ownerKey: app.callback!.ownerKey, ...overrides },
    settings: { apiBaseUrl: sandbox.url, oapiBaseUrl: sandbox.url, agentId: app.agentId, jobLookup: true },
  };
}

async function sandboxCall(method: string, path: string, body?: unknown) {
  const res = await call<any>(`${sandbox.url}${path}`, method, body, {});
  if (res.status >= 400) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

describeConnectorConformance(
  'dingtalk',
  async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
    const connector = new DingTalkConnector();
    const pushes: RawWebhook[] = [];
    capture = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const url = new URL(req.url ?? '/', 'http://capture');
        const push: RawWebhook = { query: Object.fromEntries(url.searchParams), headers: req.headers as Record<string, string>, rawBody: Buffer.concat(chunks), receivedAt: new Date() };
        pushes.push(push);
        const verified = await connector.verifyWebhook(push, connection()).catch(() => undefined);
        res.writeHead(200, { 'content-type': 'application/json' }).end(verified?.reply.body ?? '{}');
      });
    });
    await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
    const captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/hook`;
    await sandboxCall('POST', '/_sandbox/dingtalk/apps', { ...app, callback: { ...app.callback, url: captureUrl } });
    const lina = await sandboxCall('GET', '/_sandbox/dingtalk/interviews/iv-demo-1002');
    let n = 0;
    /** A new candidate with a new interview in the simulator, so every sample starts with nothing applied. */
    const freshEvent = async (): Promise<CancellationEvent> => {
      n++;
      const start = Date.now() + (2 + n) * 86_400_000;
      const iv = { interviewId: `iv-conf-${n}`, candidateId: `cand-conf-${n}`, name: `候选人${n}`, phone: `1360000${String(n).padStart(4, '0')}`, jobId: 'job-frontend', startTimeMillis: start, interviewers: ['tech-zhaolei'] };
      await sandboxCall('POST', '/_sandbox/dingtalk/interviews', iv);
      return {
        schemaVersion: 1,
        id: `01JD00000000000000000${String(n).padStart(5, '0')}`,
        tenantId: 'contract',
        source: { system: 'api', connectionId: 'api', mode: 'api', receivedAt: new Date().toISOString() },
        occurredAt: new Date().toISOString(),
        interview: {
          key: `dingtalk-main:${iv.interviewId}`,
          externalIds: { 'dingtalk-main': iv.interviewId },
          kind: 'ai_cloud',
          scheduledStart: new Date(start).toISOString(),
          position: { id: 'job-frontend', title: '前端工程师' },
          interviewers: [{ externalIds: { 'dingtalk-main': 'tech-zhaolei' }, name: '赵磊' }],
        },
        candidate: { externalIds: { 'dingtalk-main': iv.candidateId }, name: iv.name },
        cancellation: { reason: { code: 'candidate_withdrew', detail: 'other_offer', sourceValue: 'candidate_withdrew/other_offer' }, initiatedBy: { type: 'recruiter', id: 'hr-chenjing' } },
        statusBefore: 'scheduled',
        statusAfter: 'cancelled',
      };
    };
    const params = {
      candidateStatus: { status: '2' },
      notify: { recipients: [{ role: 'interviewer' as const, externalId: 'tech-zhaolei', channel: 'dingtalk', title: '面试取消提醒', body: `面试已取消 ${Date.now()}` }] },
      followUpReminder: { recipients: [{ role: 'recruiter' as const, externalId: 'hr-chenjing', channel: 'dingtalk', title: '请跟进后续意向', body: `请跟进 ${Date.now()}` }] },
    };

    return {
      connector,
      connection: connection(),
      capturePush: async () => {
        await sandboxCall('POST', '/_sandbox/dingtalk/push', { pushCount: 1 });
        return pushes[pushes.length - 1];
      },
      prepareCancelled: async () => {
        await sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1001/cancel', { pushCount: 0 });
        return ['cand-zhangwei'];
      },
      sampleEvent: freshEvent,
      effectParams: params,
      // Counted from what the simulator holds: status records of the candidate, assistant interviews of the candidate
      // (distinct interviewIds), and work notifications carrying the message.
      applications: async (effect) => {
        const candidateId = effect.event.candidate.externalIds['dingtalk-main'];
        const state = await sandboxCall('GET', '/_sandbox/dingtalk/state');
        if (effect.type === 'candidateStatus') return state.deliveryStatuses.filter((d: { deliverUserId: string }) => d.deliverUserId === candidateId).length;
        if (effect.type === 'archiveInterview') {
          return state.aiInterviewInfos.filter((i: { body: { candidateInfoVOList?: { bizCandidateId: string }[] } }) => i.body.candidateInfoVOList?.some((c) => c.bizCandidateId === candidateId)).length;
        }
        const body = effect.params.recipients?.[0]?.body;
        const sent = await sandboxCall('GET', '/_sandbox/dingtalk/records?api=corpconversation.asyncsend_v2');
        return sent.filter((r: { outcome: string; body: { msg?: { text?: { content?: string } } } }) => r.outcome === 'ok' && r.body.msg?.text?.content === body).length;
      },
      resolvable: {
        candidate: { hints: { phone: '+86 139-0013-9002' }, externalId: 'cand-lina', unknown: { phone: '10000000000' } },
        interview: {
          hints: { candidateId: 'cand-lina', scheduledStart: new Date(lina.startTimeMillis).toISOString() },
          externalId: 'iv-demo-1002',
          unknown: { candidateId: 'cand-lina', scheduledStart: new Date(lina.startTimeMillis + 3 * 3600_000).toISOString() },
        },
      },
      failNext: async (kind, times) => {
        const response =
          kind === 'server_error'
            ? { status: 500, body: { code: 'systemError', message: '系统错误', requestid: 'r-1' } }
            : { status: 403, body: { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: '调用频率超限', requestid: 'r-2' } };
        await sandboxCall('POST', '/_sandbox/faults', { method: '*', path: '/v1.0/ats/*', responses: [response], times });
      },
      refusedCredentials: () => ({ connector: new DingTalkConnector(), connection: connection({ appSecret: 'wrong-secret' }) }),
    };
  },
  async () => {
    capture?.closeAllConnections();
    await new Promise<void>((r) => (capture ? capture.close(() => r()) : r()));
    await sandbox?.close();
  },
);

/** Candidate discovery: the connector's flow search and flow info calls against the simulator. */
describe('dingtalk contract: candidate discovery (flow search)', () => {
  let own: SandboxApp;
  const discoveryConnection = (): Connection => ({
    tenantId: 'contract',
    id: 'dingtalk-main',
    connector: 'dingtalk',
    credentials: { appKey: app.appKey, appSecret: app.appSecret, corpId: app.corpId },
    settings: { apiBaseUrl: own.url, oapiBaseUrl: own.url, agentId: app.agentId, opUserId: 'hr-chenjing', pageSize: 2 },
  });
  const ownCall = async (method: string, path: string, body?: unknown) => {
    const res = await call<any>(`${own.url}${path}`, method, body, {});
    if (res.status >= 400) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    own = await createSandboxApp({ port: 0, seed });
  });
  afterAll(() => own?.close());

  it('discovers the seeded candidates, then only the one whose flow changed since the cursor, and finds its cancellation', async () => {
    const connector = new DingTalkConnector();
    const first = await connector.poll(discoveryConnection(), { subjects: [], scope: 'changes', now: new Date() });
    const seeded = [...new Set(seed.dingtalk!.interviews!.map((i) => i.candidateId))].sort();
    expect([...first.discovered].sort()).toEqual(seeded);

    await new Promise((r) => setTimeout(r, 5));
    await ownCall('POST', '/_sandbox/dingtalk/interviews', {
      interviewId: 'iv-contract-new',
      candidateId: 'cand-contract-new',
      name: '周杰',
      phone: '13500135000',
      jobId: 'job-frontend',
      startTimeMillis: Date.now() + 86_400_000,
      interviewers: ['hr-chenjing'],
    });
    await ownCall('POST', '/_sandbox/dingtalk/interviews', {
      interviewId: 'iv-contract-next',
      candidateId: 'cand-contract-new',
      name: '周杰',
      phone: '13500135000',
      jobId: 'job-frontend',
      startTimeMillis: Date.now() + 2 * 86_400_000,
      interviewers: ['hr-chenjing'],
    });
    await ownCall('POST', '/_sandbox/dingtalk/interviews/iv-contract-new/cancel', { pushCount: 0 });
    const second = await connector.poll(discoveryConnection(), { cursor: first.cursor, subjects: seeded, scope: 'changes', now: new Date() });
    expect(second.discovered).toEqual(['cand-contract-new']); // it still has iv-contract-next ahead
    expect(second.events.map((e) => e.externalEventId)).toContain('interview:iv-contract-new:cancelled');

    // Once nothing is ahead, a candidate whose flow changes is polled but not tracked.
    await ownCall('POST', '/_sandbox/dingtalk/interviews/iv-contract-next/cancel', { pushCount: 0 });
    const third = await connector.poll(discoveryConnection(), { cursor: second.cursor, subjects: seeded, scope: 'changes', now: new Date() });
    expect(third.discovered).toEqual([]);
    expect(third.events.map((e) => e.externalEventId)).toContain('interview:iv-contract-next:cancelled');
    const searches = await ownCall('GET', '/_sandbox/dingtalk/records?api=SearchFlow');
    expect(searches.every((r: { status: number }) => r.status === 200)).toBe(true);
  });
});
