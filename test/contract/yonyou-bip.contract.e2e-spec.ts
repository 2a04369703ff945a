import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebhookRejectedError, type Connection, type Effect, type RawWebhook, type VendorCancellation } from '@hub/connector-sdk';
import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { YonyouBipConnector } from '@hub/connectors/yonyou';
import type { CancellationEvent } from '@hub/schema';
import { createSandboxApp, type SandboxApp, type SandboxSeed } from '../../apps/vendor-sandbox/src/sandbox.app';
import { loadSeedFile } from '../../apps/vendor-sandbox/src/sandbox-options';
import { call, REPO_ROOT } from '../support/hub-harness';

/**
 * The YonBIP connector (`yonyou`) against the YonBIP simulator over HTTP, through the shared conformance suite, plus
 * the flows only YonBIP has: the 面试取消申请 approval (trail parsed into the event), the event-center delivery
 * (a poll hint), tampered pushes and token expiry.
 */
const EXAMPLE = loadSeedFile(join(REPO_ROOT, 'apps', 'vendor-sandbox', 'seed', 'yonyou-bip.example.json'));
const tenant = EXAMPLE.yonyou!.bip!.tenants![0];
const EC_TOKEN = tenant.eventCenter!.token;
/** The resubmitCheckKey the connector must send (contract §7), computed here independently. */
const keyOf = (effect: Effect) => createHash('sha256').update(`${effect.idempotencyKey}${effect.type}`).digest('hex').slice(0, 32);

let sandbox: SandboxApp;
let capture: Server;
const pushes: RawWebhook[] = [];
let connector: YonyouBipConnector;

function connection(credentials: Partial<Record<string, string>> = {}, settings: Record<string, unknown> = {}): Connection {
  return {
    tenantId: 'contract',
    id: 'yonyou-main',
    connector: 'yonyou',
    // No pushSecret / aesKey / ownerKey: the self-built app defaults (appSecret, derived AES key, appKey) must fit.
    credentials: { appKey: tenant.appKey, appSecret: tenant.appSecret, tenantId: tenant.tenantId, eventCenterToken: EC_TOKEN, ...credentials } as Record<string, string>,
    settings: { gatewayLookupUrl: sandbox.url, ...settings },
  };
}

async function sandboxCall(method: string, path: string, body?: unknown) {
  const res = await call<any>(`${sandbox.url}${path}`, method, body, {});
  if (res.status >= 400) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Stands in for the hub's webhook endpoint: keeps every push and answers what the connector says. */
async function startCapture(): Promise<string> {
  capture = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://capture');
      const push: RawWebhook = { query: Object.fromEntries(url.searchParams), headers: req.headers as Record<string, string>, rawBody: Buffer.concat(chunks), receivedAt: new Date() };
      pushes.push(push);
      try {
        const verified = await connector.verifyWebhook(push, connection());
        res.writeHead(verified.reply.status, { 'content-type': verified.reply.contentType }).end(verified.reply.body);
      } catch (e) {
        res.writeHead(e instanceof WebhookRejectedError ? e.httpStatus : 500, { 'content-type': 'text/plain' }).end(String((e as Error).message));
      }
    });
  });
  await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(capture.address() as AddressInfo).port}/webhooks/contract/yonyou-main`;
}

async function startSandbox(): Promise<void> {
  const hook = await startCapture();
  const seed = structuredClone(EXAMPLE) as SandboxSeed;
  const bip = seed.yonyou!.bip!;
  bip.tenants![0].push!.url = hook;
  bip.tenants![0].push!.reply = 'plain';
  bip.tenants![0].eventCenter!.url = hook;
  sandbox = await createSandboxApp({ port: 0, seed });
}

async function stopAll(): Promise<void> {
  capture?.closeAllConnections();
  await new Promise<void>((r) => (capture ? capture.close(() => r()) : r()));
  await sandbox?.close();
}

/** Files a 面试取消申请 for `candidateId` and has both seeded levels agree (level 1 first returns it once). */
async function cancelThroughApproval(candidateId: string, reason: string) {
  const request = await sandboxCall('POST', '/_sandbox/yonyou/bip/cancel-requests', { candidateId, reason, requestedBy: { id: 'hr-chenjing', name: '陈静' } });
  await sandboxCall('POST', `/_sandbox/yonyou/bip/cancel-requests/${request.id}/decide`, { level: 1, action: 'return', comment: '请补充原因' });
  await sandboxCall('POST', `/_sandbox/yonyou/bip/cancel-requests/${request.id}/decide`, { level: 1, action: 'agree' });
  const decided = await sandboxCall('POST', `/_sandbox/yonyou/bip/cancel-requests/${request.id}/decide`, { level: 2, action: 'agree', comment: '同意' });
  return { request, decided };
}

describeConnectorConformance(
  'yonyou (YonBIP)',
  async () => {
    connector = new YonyouBipConnector();
    await startSandbox();
    let n = 0;
    /** A new candidate in the simulator, so every sample starts with nothing applied. */
    const freshEvent = async (): Promise<CancellationEvent> => {
      n++;
      const id = `bip-conf-${n}-${Date.now()}`;
      await sandboxCall('POST', '/_sandbox/yonyou/bip/candidates', { id, name: `候选人${n}`, mobile: `1360000${String(n).padStart(4, '0')}`, status: '8', position: { id: 'post-frontend', name: '前端工程师' } });
      return {
        schemaVersion: 1,
        id: `01JD00000000000000000${String(n).padStart(5, '0')}`,
        tenantId: 'contract',
        source: { system: 'api', connectionId: 'api', mode: 'api', receivedAt: new Date().toISOString() },
        occurredAt: new Date().toISOString(),
        interview: { key: `api:iv-${id}`, externalIds: { api: `iv-${id}` }, kind: 'onsite', scheduledStart: new Date(Date.now() + 86_400_000).toISOString(), position: { title: '前端工程师' }, interviewers: [] },
        candidate: { externalIds: { 'yonyou-main': id }, name: `候选人${n}` },
        cancellation: { reason: { code: 'candidate_withdrew', detail: 'other_offer', sourceValue: 'candidate_withdrew/other_offer' }, initiatedBy: { type: 'recruiter' } },
        statusBefore: 'scheduled',
        statusAfter: 'cancelled',
      };
    };
    return {
      connector,
      connection: connection(),
      capturePush: async () => {
        const result = await sandboxCall('POST', '/_sandbox/yonyou/bip/push', { type: 'STAFF_UPDATE', staffId: ['bip-cand-lina'] });
        if (!result.replyValid) throw new Error(`the simulator did not accept the connector's reply: ${result.reason}`);
        return pushes[pushes.length - 1];
      },
      prepareCancelled: async () => {
        await cancelThroughApproval('bip-cand-zhangwei', '候选人已接受其他offer');
        return ['bip-cand-zhangwei'];
      },
      sampleEvent: freshEvent,
      effectParams: { candidateStatus: { status: '7' }, tagTalentPool: { tags: [`${new Date().getFullYear()}年取消面试-岗位:前端工程师`, '原因:候选人撤回'] } },
      // Keyed effects: the resubmitCheckKeys the simulator accepted and applied for this delivery (state.resubmits).
      applications: async (effect) => {
        const state = await sandboxCall('GET', '/_sandbox/yonyou/bip/state');
        return state.resubmits.filter((r: { key: string; applied: number }) => r.key === keyOf(effect)).reduce((sum: number, r: { applied: number }) => sum + r.applied, 0);
      },
      resolvable: { candidate: { hints: { phone: '+86 139-0013-9002' }, externalId: 'bip-cand-lina', unknown: { phone: '10000000000' } } },
      failNext: async (kind, times) => {
        const response = kind === 'server_error' ? { status: 500, body: { code: '500', message: '系统异常' } } : { status: 200, body: { code: '310032', message: '调用频率超限' } };
        await sandboxCall('POST', '/_sandbox/faults', { method: 'POST', path: '/iuap-api-gateway/yonbip/hrcloud/*', responses: [response], times });
      },
      refusedCredentials: () => ({ connector: new YonyouBipConnector(), connection: connection({ appSecret: 'not-the-secret' }) }),
    };
  },
  stopAll,
);

describe('yonyou (YonBIP) contract: approval flow, event center, tampering, token expiry', () => {
  beforeAll(async () => {
    connector = new YonyouBipConnector();
    pushes.length = 0;
    await startSandbox();
  });
  afterAll(stopAll);

  it('turns an approved 面试取消申请 into a cancellation with its approval trail, found by the changes poll', async () => {
    const first = await connector.poll(connection(), { scope: 'changes', subjects: [], now: new Date() });
    const { request, decided } = await cancelThroughApproval('bip-cand-lina', '岗位暂停');
    expect([decided.pushes.eventCenter?.replyValid, decided.pushes.openPlatform?.replyValid]).toEqual([true, true]);

    const result = await connector.poll(connection(), { scope: 'changes', subjects: [], now: new Date(), cursor: first.cursor });
    expect(result.events.map((e) => e.externalEventId)).toEqual([`candidate:bip-cand-lina:status:7:${request.id}`]);
    const [parsed] = connector.parse(result.events[0], connection()) as VendorCancellation[];
    expect(parsed).toMatchObject({
      kind: 'cancellation',
      interview: { externalId: 'bip-iv-1002', position: { id: 'post-frontend', title: '前端工程师' }, interviewers: [{ externalId: 'tech-zhaolei', name: '赵磊' }] },
      candidate: { externalId: 'bip-cand-lina', name: '李娜', phone: '13900139002', email: 'lina@example.com' },
      reasonValue: '岗位暂停',
      initiatedBy: { id: 'hr-chenjing', name: '陈静' },
    });
    expect(parsed.approval?.requestId).toBe(request.id);
    expect(parsed.approval?.steps.map((s) => `${s.level}:${s.decision}:${s.approver?.name}`)).toEqual(['1:returned:陈静', '1:approved:陈静', '2:approved:刘洋']);
    expect(parsed.occurredAt).toBe(parsed.approval?.steps[2].at);

    // The same cancellation is not found again from the new cursor.
    const again = await connector.poll(connection(), { scope: 'changes', subjects: [], now: new Date(), cursor: result.cursor });
    expect(again.events).toEqual([]);
  });

  it('takes the event-center delivery of the cancellation (form body, token header) as a hint naming the candidate', async () => {
    const delivery = pushes.filter((p) => p.query.channel === 'event-center').pop() as RawWebhook;
    const verified = await connector.verifyWebhook(delivery, connection());
    expect(verified.reply.body).toBe('{"success":"true"}');
    expect(connector.parse(verified.events[0], connection())).toEqual([{ kind: 'pollHint', subjects: ['bip-cand-lina'] }]);
    for (const tamper of ['token', 'noToken']) {
      const refused = await sandboxCall('POST', '/_sandbox/yonyou/bip/event-center', { candidateId: 'bip-cand-lina', tamper });
      expect([refused.replyValid, refused.httpStatus]).toEqual([false, tamper === 'token' ? 401 : 400]);
    }
  });

  it.each([
    ['signature', 401],
    ['ownerKey', 401],
    ['ciphertext', 400],
    ['stale', 401],
  ])('refuses an open-platform push with a tampered %s (HTTP %i)', async (tamper, status) => {
    const result = await sandboxCall('POST', '/_sandbox/yonyou/bip/push', { type: 'STAFF_UPDATE', tamper });
    expect([result.replyValid, result.httpStatus]).toEqual([false, status]);
  });

  it('answers the CHECK_URL handshake with the "success" the simulator accepts', async () => {
    const result = await sandboxCall('POST', '/_sandbox/yonyou/bip/push', { type: 'CHECK_URL' });
    expect([result.replyValid, result.httpStatus, result.response]).toEqual([true, 200, 'success']);
  });

  it('fetches a new token once after YonBIP expired every issued token', async () => {
    const conn = connection();
    await connector.poll(conn, { scope: 'subjects', subjects: ['bip-cand-wangfang'], now: new Date() });
    const before = (await sandboxCall('GET', '/_sandbox/yonyou/bip/records?kind=token')).length;
    await sandboxCall('POST', '/_sandbox/yonyou/bip/tokens/expire');
    const result = await connector.poll(conn, { scope: 'subjects', subjects: ['bip-cand-wangfang'], now: new Date() });
    expect(result.discovered).toEqual(['bip-cand-wangfang']);
    expect((await sandboxCall('GET', '/_sandbox/yonyou/bip/records?kind=token')).length).toBe(before + 1);
  });

  it('writes archive and tags to the tenant-built APIs in endpoint mode, once per delivery', async () => {
    const conn = connection({}, { archive: { mode: 'endpoint', path: '/yonbip/hrcloud/custom/interviewArchive' }, tags: { mode: 'endpoint', path: '/yonbip/hrcloud/custom/talentTag' } });
    const event = { ...(await buildEventFor('bip-cand-wangfang')) };
    const writes: [Effect['type'], Effect['params']][] = [['archiveInterview', {}], ['tagTalentPool', { tags: ['原因:岗位暂停'] }]];
    for (const [type, params] of writes) {
      const effect: Effect = { type, idempotencyKey: `endpoint-${type}`, event, params };
      await connector.apply(effect, conn);
      await connector.apply(effect, conn);
    }
    const state = await sandboxCall('GET', '/_sandbox/yonyou/bip/state');
    expect(state.endpointWrites.map((w: { kind: string; candidateId: string }) => `${w.kind}:${w.candidateId}`)).toEqual(['archive:bip-cand-wangfang', 'tags:bip-cand-wangfang']);
  });
});

async function buildEventFor(candidateId: string): Promise<CancellationEvent> {
  return {
    schemaVersion: 1,
    id: '01JD0000000000000000000EP1',
    tenantId: 'contract',
    source: { system: 'api', connectionId: 'api', mode: 'api', receivedAt: new Date().toISOString() },
    occurredAt: new Date().toISOString(),
    interview: { key: 'api:iv-ep', externalIds: {}, kind: 'onsite', position: { title: '销售经理' }, interviewers: [] },
    candidate: { externalIds: { 'yonyou-main': candidateId }, name: '王芳' },
    cancellation: { reason: { code: 'position_changed', sourceValue: 'x' }, initiatedBy: { type: 'recruiter' } },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
  };
}
