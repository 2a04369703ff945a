import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

const UPDATE_CANDIDATE = '/iuap-api-gateway/yonbip/hrcloud/updateCandidate';
const YONYOU_WEBHOOK = '/webhooks/demo/yonyou-main';

interface BipResubmit {
  key: string;
  api: string;
  applied: number;
  repeats: number;
  body: { data?: { id?: string; status?: string } };
}

/**
 * Acceptance of the Yonyou connectors in the demo tenant (DingTalk, YonBIP, NC and U8 against the sandbox): a
 * cancellation approved in YonBIP reaches DingTalk with DingTalk's ids and the subscriber once, with its approval
 * trail; a DingTalk cancellation lands in YonBIP once although the first answer is lost, and in NC over SOAP; bad
 * YonBIP pushes are refused and kept; an NC SOAP fault becomes a classified delivery error.
 */
describe('Yonyou ⇄ DingTalk through the hub', () => {
  let h: HubHarness;
  const subscriber = new TestSubscriber();

  beforeAll(async () => {
    h = await HubHarness.start({ env: { HUB_POLL_INTERVAL_SECONDS: '5' } });
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
  });

  afterAll(async () => {
    await h?.close();
    await subscriber.close();
  });

  /** The hub's cancellation whose interview the connection knows under `externalId`. */
  async function cancellationOf(connectionId: string, externalId: string) {
    const list = await h.api('GET', '/v1/cancellations?limit=200');
    for (const item of list.body.items) {
      const detail = await h.api('GET', `/v1/cancellations/${item.id}`);
      if (detail.body.event.interview.externalIds[connectionId] === externalId) return detail.body;
    }
    return undefined;
  }

  const settledOf = (connectionId: string, externalId: string) =>
    waitFor(`the cancellation of ${connectionId}:${externalId} to settle`, async () => {
      const c = await cancellationOf(connectionId, externalId);
      return c && c.status !== 'syncing' ? c : undefined;
    }, 40_000);

  it('carries a YonBIP cancellation, approved at two levels, to DingTalk under its own ids and to the subscriber once, with the trail', async () => {
    const request = await h.sandboxCall('POST', '/_sandbox/yonyou/bip/cancel-requests', { candidateId: 'bip-cand-zhangwei', reason: '时间冲突', requestedBy: { id: 'hr-chenjing', name: '陈静' } });
    const first = await h.sandboxCall('POST', `/_sandbox/yonyou/bip/cancel-requests/${request.id}/decide`, { level: 1, action: 'agree', comment: '同意' });
    expect(first.request.status).toBe('pending');
    const last = await h.sandboxCall('POST', `/_sandbox/yonyou/bip/cancel-requests/${request.id}/decide`, { level: 2, action: 'agree' });
    expect(last.candidate.status).toBe('7');
    expect(last.pushes.eventCenter).toMatchObject({ httpStatus: 200, replyValid: true });

    const fromYonyou = () => subscriber.received.filter((r) => r.event.source.connectionId === 'yonyou-main');
    await waitFor('the subscriber to receive the YonBIP cancellation', () => fromYonyou().length > 0, 30_000);
    const detail = await settledOf('yonyou-main', 'bip-iv-1001');
    await h.idle();

    expect(detail.status).toBe('synced');
    expect(fromYonyou()).toHaveLength(1);
    const event = fromYonyou()[0].event;
    expect(event).toMatchObject({
      source: { system: 'yonyou', connectionId: 'yonyou-main', mode: 'poll' },
      candidate: { name: '张伟', phone: '13800138001', externalIds: { 'yonyou-main': 'bip-cand-zhangwei' } },
      cancellation: {
        reason: { code: 'candidate_withdrew', detail: 'time_conflict', sourceValue: '时间冲突' },
        approval: {
          status: 'approved',
          approvedBy: '刘洋',
          requestId: request.id,
          requestedBy: { id: 'hr-chenjing', name: '陈静' },
          steps: [
            { level: 1, approver: { id: 'hr-chenjing', name: '陈静' }, decision: 'approved', comment: '同意' },
            { level: 2, approver: { id: 'mgr-liuyang', name: '刘洋' }, decision: 'approved' },
          ],
        },
      },
    });
    // The archive keeps the trail as evidence.
    expect(detail.archive[0].entry.approval.steps).toHaveLength(2);

    // DingTalk got it under its own candidate, job and interview (found by phone, then by start time).
    const dingtalk = await h.sandboxCall('GET', '/_sandbox/dingtalk/state');
    expect(dingtalk.deliveryStatuses.filter((d: { deliverUserId: string }) => d.deliverUserId === 'cand-zhangwei')).toEqual([
      expect.objectContaining({ deliverUserId: 'cand-zhangwei', jobId: 'job-sales-mgr' }),
    ]);
    expect(dingtalk.aiInterviewInfos.filter((i: { body: { interviewId?: string } }) => i.body.interviewId === 'iv-demo-1001')).toHaveLength(1);
    expect(detail.event.interview.externalIds).toEqual({ 'yonyou-main': 'bip-iv-1001' });
    const toDingTalk = detail.deliveries.filter((d: { target: { id: string }; status: string }) => d.target.id === 'dingtalk-main' && d.status !== 'skipped');
    expect(Object.fromEntries(toDingTalk.map((d: { effect: string; status: string }) => [d.effect, d.status]))).toMatchObject({ candidateStatus: 'delivered', archiveInterview: 'delivered' });
    // Nothing was written back to YonBIP (no echo to the origin).
    const bip = await h.sandboxCall('GET', '/_sandbox/yonyou/bip/state');
    expect(bip.resubmits.filter((r: BipResubmit) => r.body.data?.id === 'bip-cand-zhangwei')).toEqual([]);
  });

  it('writes a DingTalk cancellation into YonBIP once although the first answer was lost, and into NC over SOAP', async () => {
    await h.sandboxCall('POST', '/_sandbox/faults', { method: 'POST', path: UPDATE_CANDIDATE, responses: [{ loseAnswer: true }], times: 1 });
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1002/cancel', { pushCount: 1, reason: '候选人已接受其他offer' });
    const detail = await settledOf('dingtalk-main', 'iv-demo-1002');
    await h.idle();
    expect(detail.status).toBe('synced');

    const status = detail.deliveries.find((d: { target: { id: string }; effect: string }) => d.target.id === 'yonyou-main' && d.effect === 'candidateStatus');
    expect(status).toMatchObject({ status: 'delivered', attempts: 2 });
    const calls = await h.sandboxCall('GET', '/_sandbox/yonyou/bip/records?api=updateCandidate');
    const forLina = calls.filter((r: { body: { data?: { id?: string } } }) => r.body?.data?.id === 'bip-cand-lina');
    expect(forLina.map((r: { outcome: string }) => r.outcome)).toEqual(['answer_lost', 'ok']);
    const bip = await h.sandboxCall('GET', '/_sandbox/yonyou/bip/state');
    const applied = bip.resubmits.filter((r: BipResubmit) => r.api === 'updateCandidate' && r.body.data?.id === 'bip-cand-lina');
    expect(applied).toEqual([expect.objectContaining({ applied: 1, repeats: 1, body: expect.objectContaining({ data: expect.objectContaining({ status: '7' }) }) })]);
    expect(bip.candidates.find((c: { id: string }) => c.id === 'bip-cand-lina').status).toBe('7');

    const nc = await h.sandboxCall('GET', '/_sandbox/yonyou/nc/state');
    const ncWrites = nc.writes.filter((w: { data: { candidate?: { phone?: string } } }) => w.data.candidate?.phone === '13900139002');
    expect(ncWrites.map((w: { operation: string }) => w.operation).sort()).toEqual(['archiveInterview', 'syncInterviewCancel', 'tagCandidate']);

    // YonBIP's own poll then sees the status the hub wrote: the same interview, suppressed as an echo.
    await waitFor('the YonBIP poll to report the written status back', async () => {
      const audit = (await h.api('GET', `/v1/cancellations/${detail.id}`)).body.audit as { action: string; detail: string }[];
      return audit.some((a) => a.action === 'cancellation.suppressed' && a.detail.includes('yonyou-main'));
    }, 30_000);
    expect(subscriber.received.filter((r) => r.event.candidate.externalIds['yonyou-main'] === 'bip-cand-lina' && r.event.source.connectionId === 'yonyou-main')).toEqual([]);
  });

  it('classifies an NC SOAP fault on the delivery: a Client fault is INVALID, not retried', async () => {
    await h.sandboxCall('POST', '/_sandbox/yonyou/nc/faults', { kind: 'soapFault', operation: 'syncInterviewCancel', faultcode: 'Client', faultstring: 'NO_PART_FOUND', times: 1 });
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1003/cancel', { pushCount: 1, reason: '岗位暂停' });
    const detail = await settledOf('dingtalk-main', 'iv-demo-1003');
    const nc = detail.deliveries.find((d: { target: { id: string }; effect: string }) => d.target.id === 'yonyou-nc' && d.effect === 'candidateStatus');
    expect(nc).toMatchObject({ status: 'dead', attempts: 1, lastError: { kind: 'INVALID' } });
    expect(nc.lastError.message).toContain('NO_PART_FOUND');
    const others = detail.deliveries.filter((d: { target: { id: string }; effect: string; status: string }) => d.target.id === 'yonyou-nc' && d.effect !== 'candidateStatus' && d.status !== 'skipped');
    expect(others.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it.each([
    ['a wrong signature', 'signature', 401, 'bad_signature'],
    ['a wrong owner key', 'ownerKey', 401, 'owner_key_mismatch'],
    ['garbage ciphertext', 'ciphertext', 400, 'bad_ciphertext'],
    ['a stale timestamp', 'stale', 401, 'stale_timestamp'],
  ])('refuses a YonBIP push with %s, and keeps it', async (_name, tamper, status, reason) => {
    const push = await h.sandboxCall('POST', '/_sandbox/yonyou/bip/push', { type: 'STAFF_UPDATE', staffId: ['bip-cand-wangfang'], tamper });
    expect(push.url).toContain(YONYOU_WEBHOOK);
    expect(push.httpStatus).toBe(status);
    expect(push.response).toMatchObject({ error: reason, details: { kept: true } });
    const kept = await h.api('GET', `/v1/inbox/${push.response.details.inboxId}`);
    expect(kept.body).toMatchObject({ status: 'rejected', rejection: { reason, httpStatus: status } });
  });

  it('answers the CHECK_URL handshake and refuses an event-center call with a wrong token', async () => {
    const check = await h.sandboxCall('POST', '/_sandbox/yonyou/bip/push', { type: 'CHECK_URL' });
    expect(check).toMatchObject({ httpStatus: 200, replyValid: true });
    const wrong = await h.sandboxCall('POST', '/_sandbox/yonyou/bip/event-center', { candidateId: 'bip-cand-wangfang', tamper: 'token' });
    expect(wrong.httpStatus).toBe(401);
    expect(wrong.response).toMatchObject({ error: 'bad_signature', details: { kept: true } });
  });
});
