import { decryptMessage, signatureMatches } from '@hub/connector-sdk';
import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import { call, fetchToken, gateway, Receiver, type Captured } from './yonyou-bip.test-kit';

const APP_KEY = 'bip-demo-app';
const APP_SECRET = 'bip-demo-secret-0123456789abcdef';
// corp-demo PrivateAppCrypto: dashes out, right-padded with "0" to 43 characters (written out, not computed).
const DERIVED_AES_KEY = 'bipdemosecret0123456789abcdef00000000000000';
const HISTORY = '/yonbip/hrcloud/interviewCancelApply/approvalHistory';

describe('YonBIP simulator: 面试取消申请 approval flow', () => {
  let sandbox: SandboxApp;
  const hub = new Receiver();
  const control = (path: string, body?: unknown) => call(sandbox.url, 'POST', `/_sandbox/yonyou/bip${path}`, body);
  const isEventCenter = (r: Captured) => r.url.includes('channel=event-center');
  let centerReply = '{"success":"true"}';

  beforeAll(async () => {
    await hub.start();
    hub.respond = (r) => {
      if (!isEventCenter(r)) return { status: 200, body: 'success' };
      if (r.headers.token !== 'ec-token-123') return { status: 401, body: '{"error":"bad_token"}', contentType: 'application/json' };
      return { status: 200, body: centerReply, contentType: 'application/json' };
    };
    sandbox = await createSandboxApp({
      port: 0,
      seed: {
        yonyou: {
          bip: {
            tenants: [
              {
                tenantId: 'tenant-demo',
                appKey: APP_KEY,
                appSecret: APP_SECRET,
                push: { url: `${hub.url}/webhooks/demo/yonyou-main`, reply: 'plain', onCancel: true },
                eventCenter: { token: 'ec-token-123' },
              },
            ],
            candidates: [
              { id: 'c-zhangwei', name: '张伟', mobile: '13800138001', status: '8', modifiedAt: '2030-01-10 09:00:00' },
              { id: 'c-lina', name: '李娜', mobile: '13900139002', status: '8', modifiedAt: '2030-01-10 09:00:00' },
            ],
            approvers: [
              { level: 1, id: 'u-chenjing', name: '陈静' },
              { level: 2, id: 'u-liuyang', name: '刘洋' },
            ],
          },
        },
      },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await hub.stop();
  });
  beforeEach(async () => {
    hub.received = [];
    centerReply = '{"success":"true"}';
    await call(sandbox.url, 'POST', '/_sandbox/reset');
  });

  async function detail(id: string): Promise<Record<string, unknown>> {
    const token = await fetchToken(sandbox.url, APP_KEY, APP_SECRET);
    return ((await gateway(sandbox.url, token, '/yonbip/hrcloud/HRCloud/getGlobalCandidateDetail', { id })).body as { data: Record<string, unknown> }).data;
  }

  it('cancels the candidate once, on the last level, and tells the hub through both channels', async () => {
    const created = await control('/cancel-requests', { candidateId: 'c-zhangwei', reason: '候选人已接受其他offer', requestedBy: { id: 'u-hr', name: '王敏' } });
    const requestId = (created.body as { id: string }).id;
    expect(created.body).toMatchObject({ status: 'pending', levels: 2, currentLevel: 1 });

    const first = await control(`/cancel-requests/${requestId}/decide`, { level: 1, action: 'agree', comment: '同意' });
    expect(first.body).toMatchObject({ request: { status: 'pending', currentLevel: 2 }, pushes: {} });
    expect(hub.received).toHaveLength(0);
    expect(await detail('c-zhangwei')).toMatchObject({ status: '8', ts: '2030-01-10 09:00:00' });

    const last = await control(`/cancel-requests/${requestId}/decide`, { level: 2, action: 'agree' });
    expect(last.body).toMatchObject({
      request: { status: 'approved' },
      pushes: { eventCenter: { replyValid: true, httpStatus: 200 }, openPlatform: { replyValid: true, httpStatus: 200 } },
    });
    const cancelled = await detail('c-zhangwei');
    expect(cancelled).toMatchObject({ status: '7', cancelApplyId: requestId, cancelReason: '候选人已接受其他offer' });
    expect(cancelled.ts).not.toBe('2030-01-10 09:00:00');

    expect(hub.received).toHaveLength(2);
    const center = hub.received.find(isEventCenter) as Captured;
    expect(center.url).toBe('/webhooks/demo/yonyou-main?channel=event-center');
    expect(center.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(center.headers.token).toBe('ec-token-123');
    const params = new URLSearchParams(center.body);
    expect(params.get('eventType')).toBe('HRED_CANDIDATE_STATUS_CHANGE');
    expect(JSON.parse(params.get('userObject') as string)).toMatchObject({ id: 'c-zhangwei', candidateId: 'c-zhangwei', status: '7', cancelApplyId: requestId, eventId: expect.any(String) });

    const open = hub.received.find((r) => !isEventCenter(r)) as Captured;
    expect(open.url).toBe('/webhooks/demo/yonyou-main');
    const body = JSON.parse(open.body) as { msgSignature: string; timestamp: number; nonce: string; encrypt: string };
    expect(typeof body.timestamp).toBe('number');
    expect(signatureMatches(body.msgSignature, APP_SECRET, String(body.timestamp), body.nonce, body.encrypt)).toBe(true);
    expect(JSON.parse(decryptMessage(body.encrypt, DERIVED_AES_KEY, APP_KEY))).toMatchObject({ type: 'STAFF_UPDATE', staffId: ['c-zhangwei'], tenantId: 'tenant-demo' });

    // Decided is decided: no second status change, no second push.
    expect((await control(`/cancel-requests/${requestId}/decide`, { level: 2, action: 'agree' })).status).toBe(409);
    expect(hub.received).toHaveLength(2);
    const pushRecords = (await call(sandbox.url, 'GET', '/_sandbox/yonyou/bip/records')).body as Array<{ kind: string; outcome: string }>;
    expect(pushRecords.filter((r) => r.kind === 'push' || r.kind === 'event-center').map((r) => [r.kind, r.outcome]).sort()).toEqual([
      ['event-center', 'delivered'],
      ['push', 'delivered'],
    ]);
  });

  it('serves the approval trail of the request on the configured history path', async () => {
    const requestId = ((await control('/cancel-requests', { candidateId: 'c-zhangwei', reason: '岗位已关闭', requestedBy: 'u-hr' })).body as { id: string }).id;
    await control(`/cancel-requests/${requestId}/decide`, { level: 1, action: 'agree', comment: '同意取消' });
    await control(`/cancel-requests/${requestId}/decide`, { level: 2, action: 'agree' });
    const token = await fetchToken(sandbox.url, APP_KEY, APP_SECRET);
    const trail = await gateway(sandbox.url, token, HISTORY, { id: requestId });
    expect(trail.body).toMatchObject({
      code: '200',
      data: {
        id: requestId,
        candidateId: 'c-zhangwei',
        reason: '岗位已关闭',
        requester: { id: 'u-hr' },
        status: 'approved',
        steps: [
          { level: 1, approver: { id: 'u-chenjing', name: '陈静' }, action: 'agree', comment: '同意取消' },
          { level: 2, approver: { id: 'u-liuyang', name: '刘洋' }, action: 'agree' },
        ],
      },
    });
    const [step] = (trail.body as { data: { steps: Array<{ time: string }> } }).data.steps;
    expect(step.time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((await gateway(sandbox.url, token, HISTORY, { id: 'nope' })).body).toMatchObject({ code: '1002' });
  });

  it('leaves the candidate alone when a level rejects, and refuses a decision out of turn', async () => {
    const requestId = ((await control('/cancel-requests', { candidateId: 'c-lina', reason: '时间冲突' })).body as { id: string }).id;
    expect((await control(`/cancel-requests/${requestId}/decide`, { level: 2, action: 'agree' })).status).toBe(409);
    const rejected = await control(`/cancel-requests/${requestId}/decide`, { level: 1, action: 'reject', comment: '请先沟通' });
    expect(rejected.body).toMatchObject({ request: { status: 'rejected', steps: [{ level: 1, action: 'reject' }] }, pushes: {} });
    expect(await detail('c-lina')).toMatchObject({ status: '8' });
    expect(hub.received).toHaveLength(0);
  });

  it('sends a returned request back to level 1', async () => {
    const requestId = ((await control('/cancel-requests', { candidateId: 'c-lina', reason: '时间冲突' })).body as { id: string }).id;
    await control(`/cancel-requests/${requestId}/decide`, { level: 1, action: 'agree' });
    const returned = await control(`/cancel-requests/${requestId}/decide`, { level: 2, action: 'return' });
    expect(returned.body).toMatchObject({ request: { status: 'pending', currentLevel: 1 } });
    expect((await control(`/cancel-requests/${requestId}/decide`, { level: 1, action: 'bogus' })).status).toBe(400);
  });

  it('sends event-center calls on demand, with a wrong or no token, and wants success as the string "true"', async () => {
    const ok = await control('/event-center', { candidateId: 'c-lina' });
    expect(ok.body).toMatchObject({ replyValid: true, httpStatus: 200, params: { eventType: 'HRED_CANDIDATE_STATUS_CHANGE', tenantCode: 'tenant-demo' } });
    expect(JSON.parse(new URLSearchParams(hub.received[0].body).get('userObject') as string)).toMatchObject({ id: 'c-lina' });
    expect((await control('/event-center', { tamper: 'token' })).body).toMatchObject({ replyValid: false, httpStatus: 401 });
    expect(hub.received[1].headers.token).toBe('ec-token-123-wrong');
    expect((await control('/event-center', { tamper: 'noToken' })).body).toMatchObject({ replyValid: false, httpStatus: 401 });
    expect(hub.received[2].headers).not.toHaveProperty('token');
    centerReply = '{"success":true}';
    expect((await control('/event-center', {})).body).toMatchObject({ replyValid: false, httpStatus: 200, reason: expect.stringContaining('not "true"') });
  });
});
