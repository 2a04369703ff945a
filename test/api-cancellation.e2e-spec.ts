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
    expect(created.body).toMatchObject({ status: 'accepted', replayed: false, inboxId: expect.any(String) });
    const id = created.body.id as string;

    const detail = await h.settled(id);
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
    expect(again.body).toMatchObject({ id: first, replayed: true });
    // The key is bound to the body: the same JSON with its keys in another order is the same body.
    const reordered = { initiatedBy: request.initiatedBy, reason: request.reason, candidate: request.candidate, interview: request.interview };
    expect((await h.api('POST', '/v1/cancellations', reordered, { 'idempotency-key': 'cancel-iv-demo-1003' })).body).toMatchObject({ id: first, replayed: true });
    const otherBody = await h.api('POST', '/v1/cancellations', { ...request, reason: { code: 'other' } }, { 'idempotency-key': 'cancel-iv-demo-1003' });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.message).toMatch(/Idempotency-Key "cancel-iv-demo-1003" was already used with a different request body/);
    const other = await h.api('POST', '/v1/cancellations', request, { 'idempotency-key': 'another-key' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: 'conflict', details: { cancellationId: first } });
    expect((await h.api('GET', '/v1/cancellations')).body.items).toHaveLength(1);
  });

  it('suppresses the echo: DingTalk later reporting the interview cancelled adds nothing', async () => {
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1003/cancel', { pushCount: 1 });
    const echo = await waitFor('the poll to see the echo', async () => {
      const inbox = (await h.api('GET', '/v1/inbox')).body.items;
      return inbox.find((i: { externalEventId: string; status: string }) => i.externalEventId === 'interview:iv-demo-1003:cancelled' && i.status === 'processed');
    });
    expect(echo.result).toMatch(/^suppressed: the interview was already cancelled \(origin api\)/);
    await h.idle();
    const list = (await h.api('GET', '/v1/cancellations')).body.items;
    expect(list).toHaveLength(1);
    // At least DingTalk's report; Beisen's poll may also have read back the interview the hub cancelled there
    // (CancelInterview), suppressed the same way.
    expect(list[0].suppressedDuplicates).toBeGreaterThanOrEqual(1);
    expect(subscriber.received).toHaveLength(1);
  });

  it('answers 400 naming each missing or malformed part, never 500', async () => {
    for (const field of ['interview', 'candidate', 'reason', 'initiatedBy'] as const) {
      const { [field]: _left, ...rest } = request;
      const res = await h.api('POST', '/v1/cancellations', rest);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(`${field} should not be null or undefined`);
    }
    for (const body of ['{}', 'null', '[]', '"x"', '{"interview": 5, "candidate": [], "reason": "other", "initiatedBy": null}']) {
      const res = await h.api('POST', '/v1/cancellations', body);
      expect([body, res.status]).toEqual([body, 400]);
    }
  });

  it('invents nothing: without an interview time the messages name none', async () => {
    const { scheduledStart: _s, ...interview } = request.interview;
    const created = await h.api('POST', '/v1/cancellations', {
      ...request,
      interview: { ...interview, externalId: 'iv-no-time', interviewers: [{ externalId: 'mgr-liuyang', name: '刘洋' }] },
      candidate: { name: '无时间', phone: '13100131000' },
      reason: { code: 'position_changed', detail: 'hiring_paused' },
    });
    expect(created.status).toBe(202);
    const detail = await h.settled(created.body.id);
    expect(detail.event.interview.scheduledStart).toBeUndefined();
    const notify = (await h.repos.deliveries.findById(detail.deliveries.find((d: { effect: string; target: { id: string } }) => d.effect === 'notify' && d.target.id === 'dingtalk-main').id))!;
    const bodies = (JSON.parse(notify.params).recipients as { body: string }[]).map((r) => r.body);
    expect(bodies[0]).toContain('无时间您好：您的「销售经理」岗位AI云面试已取消');
    expect(bodies.join(' ')).not.toMatch(/原定于/);
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
    expect(await q('candidateName=王芳')).toEqual(['王芳']);
    expect(await q('candidateName=李')).toEqual([]);
    const before = new Date(Date.parse(start) - 3_600_000).toISOString();
    const after = new Date(Date.parse(start) + 3_600_000).toISOString();
    expect(await q(`from=${encodeURIComponent(before)}&to=${encodeURIComponent(after)}`)).toEqual(['王芳']);
    expect(await q(`from=${encodeURIComponent(after)}`)).toEqual([]);
    expect(await q('status=synced')).toEqual(['王芳']);
    // DingTalk has no candidate with the second one's phone: its status write waits for a link.
    expect(await q('status=awaiting_link')).toEqual(['无时间']);
    expect(await q('status=failed')).toEqual([]);
    expect((await h.api('GET', '/v1/cancellations?status=weird')).status).toBe(400);
    expect((await h.api('GET', '/v1/cancellations?from=yesterday')).status).toBe(400);
  });

  it('keeps the candidate as 面试取消 with talent-pool tags (month of the cancellation) and pool in the hub', async () => {
    const item = (await h.api('GET', '/v1/cancellations?candidateName=王芳')).body.items[0];
    const event = (await h.api('GET', `/v1/cancellations/${item.id}`)).body.event;
    const candidate = (await h.api('GET', `/v1/candidates/${event.candidate.hubId}`)).body;
    const cancelledAt = new Date(Date.parse(event.occurredAt) + 8 * 3_600_000);
    expect(candidate).toMatchObject({
      name: '王芳',
      ids: { 'dingtalk-main': 'cand-wangfang' },
      status: 'cancelled',
      statusReason: '时间冲突',
      lastCancellationId: item.id,
      tags: [`${cancelledAt.getUTCFullYear()}年${cancelledAt.getUTCMonth() + 1}月取消面试-岗位:销售经理`, '原因:时间冲突'],
      pools: ['潜在候选人'],
    });
    const links = (await h.api('GET', `/v1/candidates/${event.candidate.hubId}/links`)).body;
    // DingTalk's, Kingdee's and Beisen's ids come from the demo's identity table; YonBIP's was found by the phone it holds.
    expect(links.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ connectionId: 'dingtalk-main', externalId: 'cand-wangfang', source: 'config' }),
        expect.objectContaining({ connectionId: 'kingdee-main', externalId: 'K3C-0003', source: 'config' }),
        expect.objectContaining({ connectionId: 'beisen-main', externalId: '00100001-0005-4000-8000-000000000003', source: 'config' }),
        expect.objectContaining({ connectionId: 'yonyou-main', externalId: 'bip-cand-wangfang', source: 'resolve' }),
      ]),
    );
    expect(links.links).toHaveLength(4);
    // The phone from the request; a system's read-back of the cancellation (Beisen's poll) may add what it holds.
    expect(links.facts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'phone', value: '13700137003' })]));
    const tagged = (await h.api('GET', `/v1/candidates?tag=${encodeURIComponent('原因:时间冲突')}`)).body.items;
    expect(tagged.map((c: { name: string }) => c.name)).toEqual(['王芳']);
    expect((await h.api('GET', `/v1/candidates?pool=${encodeURIComponent('潜在候选人')}`)).body.items).toHaveLength(2);
  });
});
