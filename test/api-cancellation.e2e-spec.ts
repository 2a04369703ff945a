import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

interface SandboxRecord {
  api?: string;
  body?: any;
  query?: Record<string, unknown>;
  outcome: string;
}

/** Acceptance: a cancellation made through POST /v1/cancellations reaches the DingTalk sandbox (status, archive write, notification) and the subscriber. */
describe('one-click cancel through the API', () => {
  let h: HubHarness;
  const subscriber = new TestSubscriber();

  beforeAll(async () => {
    h = await HubHarness.start();
    const interview = await h.sandboxCall('GET', '/_sandbox/dingtalk/interviews/iv-demo-1003');
    request.interview.scheduledStart = new Date(interview.startTimeMillis).toISOString();
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
  });

  afterAll(async () => {
    await h?.close();
    await subscriber.close();
  });

  const request = {
    interview: {
      connectionId: 'dingtalk-main',
      externalId: 'iv-demo-1003',
      kind: 'ai_cloud',
      scheduledStart: '2026-12-01T09:30:00+08:00',
      position: { id: 'job-sales-mgr', title: '销售经理' },
      interviewers: [{ externalId: 'mgr-liuyang', name: '刘洋' }],
    },
    candidate: { externalId: 'cand-wangfang', name: '王芳', phone: '13700137003', preferredChannels: ['sms'] },
    reason: { code: 'candidate_withdrew', detail: 'time_conflict', text: '候选人当天有其他安排' },
    initiatedBy: { type: 'recruiter', id: 'hr-chenjing', name: '陈静' },
  };

  async function records(api: string): Promise<SandboxRecord[]> {
    return h.sandboxCall('GET', `/_sandbox/dingtalk/records?api=${encodeURIComponent(api)}`);
  }

  it('fans out to DingTalk (status, archive, notifications) and to the subscriber', async () => {
    const created = await h.api('POST', '/v1/cancellations', request, { 'idempotency-key': 'cancel-iv-demo-1003' });
    expect(created.status).toBe(202);
    const id = created.body.id as string;

    const detail = await waitFor('every delivery to finish', async () => {
      const d = await h.api('GET', `/v1/cancellations/${id}`);
      return d.body.status !== 'syncing' ? d.body : undefined;
    });
    expect(detail.status).toBe('synced');
    const byEffect = Object.fromEntries(detail.deliveries.map((d: { effect: string; target: { id: string } }) => [`${d.target.id}:${d.effect}`, d]));
    expect(byEffect['dingtalk-main:candidateStatus']).toMatchObject({ status: 'delivered', receipt: { outcome: 'applied' } });
    expect(byEffect['dingtalk-main:archiveInterview']).toMatchObject({ status: 'delivered' });
    expect(byEffect['dingtalk-main:notify']).toMatchObject({ status: 'delivered' });
    expect(byEffect['dingtalk-main:followUpReminder']).toMatchObject({ status: 'delivered' });
    expect(byEffect['dingtalk-main:tagTalentPool']).toMatchObject({ status: 'skipped', skipReason: expect.stringMatching(/talent/i) });
    expect(byEffect['dingtalk-main:moveToTalentPool']).toMatchObject({ status: 'skipped' });

    const status = (await records('UpdateJobDeliver')).filter((r) => r.outcome === 'ok');
    expect(status).toHaveLength(1);
    expect(status[0].body).toMatchObject({ status: 2 });
    const archive = (await records('SyncInterviewInfoToAIInterviewAssistant')).filter((r) => r.outcome === 'ok');
    expect(archive).toHaveLength(1);
    expect(JSON.stringify(archive[0].body)).toContain('iv-demo-1003');
    const messages = (await records('corpconversation.asyncsend_v2')).filter((r) => r.outcome === 'ok');
    expect(messages).toHaveLength(2);
    const texts = messages.map((m) => JSON.stringify(m.body));
    expect(texts.some((t) => t.includes('mgr-liuyang') && t.includes('时间冲突'))).toBe(true);
    expect(texts.some((t) => t.includes('hr-chenjing') && t.includes('请跟进后续意向'))).toBe(true);

    await waitFor('the subscriber delivery', () => subscriber.received.length > 0);
    expect(subscriber.received).toHaveLength(1);
    expect(subscriber.received[0].signatureValid).toBe(true);
    expect(subscriber.received[0].event).toMatchObject({
      id,
      source: { system: 'api', connectionId: 'api', mode: 'api', externalEventId: 'cancel-iv-demo-1003' },
      interview: { key: 'dingtalk-main:iv-demo-1003' },
      candidate: { name: '王芳', phone: '13700137003' },
      cancellation: { reason: { code: 'candidate_withdrew', detail: 'time_conflict', sourceValue: 'candidate_withdrew/time_conflict' } },
    });
    expect(detail.archive).toHaveLength(1);
  });

  it('answers a repeated request with the same Idempotency-Key with the same cancellation, and refuses a second cancel of the interview', async () => {
    const first = (await h.api('GET', '/v1/cancellations')).body.items[0].id;
    const again = await h.api('POST', '/v1/cancellations', request, { 'idempotency-key': 'cancel-iv-demo-1003' });
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first);
    const other = await h.api('POST', '/v1/cancellations', request, { 'idempotency-key': 'another-key' });
    expect(other.status).toBe(409);
    expect(other.body.cancellationId).toBe(first);
    expect((await h.api('GET', '/v1/cancellations')).body.items).toHaveLength(1);
  });

  it('suppresses the echo: DingTalk later reporting the interview cancelled adds nothing', async () => {
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1003/cancel', { pushCount: 1 });
    await waitFor('the poll to see the echo', async () => {
      const inbox = (await h.api('GET', '/v1/inbox')).body.items;
      return inbox.some((i: { externalEventId: string; status: string }) => i.externalEventId === 'interview:iv-demo-1003:cancelled' && i.status === 'processed');
    });
    const list = (await h.api('GET', '/v1/cancellations')).body.items;
    expect(list).toHaveLength(1);
    expect(list[0].suppressedDuplicates).toBeGreaterThanOrEqual(1);
    expect(subscriber.received).toHaveLength(1);
  });

  it('rejects invalid requests with the failing field, and requests without a valid key', async () => {
    const bad = await h.api('POST', '/v1/cancellations', { ...request, reason: { code: 'bored' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/reason\.code must be one of/);
    const unknownConn = await h.api('POST', '/v1/cancellations', { ...request, interview: { ...request.interview, connectionId: 'nope' } });
    expect(unknownConn.status).toBe(400);
    expect(unknownConn.body.message).toMatch(/"nope" is not a connection of tenant demo/);
    const noKey = await h.api('GET', '/v1/cancellations', undefined, { authorization: 'Bearer wrong-key-000000000' });
    expect(noKey.status).toBe(401);
  });

  it('filters cancellations by candidate name, interview time and sync status', async () => {
    const start = request.interview.scheduledStart;
    const q = async (qs: string) => (await h.api('GET', `/v1/cancellations?${qs}`)).body.items.map((c: { candidateName: string }) => c.candidateName);
    expect(await q('candidateName=王')).toEqual(['王芳']);
    expect(await q('candidateName=李')).toEqual([]);
    const before = new Date(Date.parse(start) - 3_600_000).toISOString();
    const after = new Date(Date.parse(start) + 3_600_000).toISOString();
    expect(await q(`from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}`)).toEqual(['王芳']);
    expect(await q(`from=${encodeURIComponent(after)}`)).toEqual([]);
    expect(await q('status=synced')).toEqual(['王芳']);
    expect(await q('status=failed')).toEqual([]);
    expect((await h.api('GET', '/v1/cancellations?status=weird')).status).toBe(400);
    expect((await h.api('GET', '/v1/cancellations?from=yesterday')).status).toBe(400);
  });

  it('keeps the candidate as 面试取消 with talent-pool tags and pool in the hub', async () => {
    const id = (await h.api('GET', '/v1/cancellations')).body.items[0].id;
    const event = (await h.api('GET', `/v1/cancellations/${id}`)).body.event;
    const candidate = (await h.api('GET', `/v1/candidates/${event.candidate.hubId}`)).body;
    const start = new Date(Date.parse(request.interview.scheduledStart) + 8 * 3_600_000);
    expect(candidate).toMatchObject({
      name: '王芳',
      refs: ['dingtalk-main:cand-wangfang'],
      status: 'cancelled',
      statusReason: '时间冲突',
      lastCancellationId: id,
      tags: [`${start.getUTCFullYear()}年${start.getUTCMonth() + 1}月取消面试-岗位:销售经理`, '原因:时间冲突'],
      pools: ['潜在候选人'],
    });
    const tagged = (await h.api('GET', `/v1/candidates?tag=${encodeURIComponent('原因:时间冲突')}`)).body.items;
    expect(tagged.map((c: { name: string }) => c.name)).toEqual(['王芳']);
    expect((await h.api('GET', `/v1/candidates?pool=${encodeURIComponent('潜在候选人')}`)).body.items).toHaveLength(1);
  });
});
