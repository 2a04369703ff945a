import { POLL_QUEUE } from '@hub/queue';
import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

/**
 * Acceptance: a DingTalk interview cancelled in the sandbox arrives once, as a correctly signed
 * canonical event, at a registered subscriber, with an archive entry and receipts — when the
 * change callback comes three times, and when no callback comes at all (the scheduled poll).
 */
describe('DingTalk cancellation → subscriber', () => {
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

  async function cancellationFor(interviewId: string) {
    const list = await h.api('GET', '/v1/cancellations?limit=200');
    const found = list.body.items.find((c: { id: string }) => c.id && c) && list.body.items;
    for (const item of found ?? []) {
      const detail = await h.api('GET', `/v1/cancellations/${item.id}`);
      if (detail.body.event.interview.externalIds['dingtalk-main'] === interviewId) return detail.body;
    }
    return undefined;
  }

  function deliveriesOf(interviewId: string) {
    return subscriber.received.filter((r) => r.event.interview.externalIds['dingtalk-main'] === interviewId);
  }

  it('delivers once, signed, with archive and receipts, although DingTalk pushes the callback three times', async () => {
    const cancel = await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1001/cancel', { pushCount: 3, reason: '候选人已接受其他offer' });
    expect(cancel.pushes).toHaveLength(3);
    for (const push of cancel.pushes) expect(push).toMatchObject({ httpStatus: 200, replyValid: true });

    await waitFor('the subscriber to receive the cancellation', () => deliveriesOf('iv-demo-1001').length > 0);
    const detail = await waitFor('the cancellation to be synced', async () => {
      const c = await cancellationFor('iv-demo-1001');
      return c?.status === 'synced' ? c : undefined;
    });
    await h.idle();
    const got = deliveriesOf('iv-demo-1001');
    expect(got).toHaveLength(1);
    expect(got[0].signatureValid).toBe(true);
    expect(got[0].webhookId).toBe(detail.deliveries.find((d: { effect: string; target: { kind: string } }) => d.effect === 'deliverEvent' && d.target.kind === 'subscription').id);
    expect(got[0].event).toMatchObject({
      schemaVersion: 1,
      tenantId: 'demo',
      source: { system: 'dingtalk', connectionId: 'dingtalk-main', mode: 'poll', externalEventId: 'interview:iv-demo-1001:cancelled' },
      interview: { key: 'dingtalk-main:iv-demo-1001', kind: 'ai_cloud', position: { title: '销售经理' } },
      candidate: { externalIds: { 'dingtalk-main': 'cand-zhangwei' } },
      statusBefore: 'scheduled',
      statusAfter: 'cancelled',
    });
    expect(got[0].event.interview.interviewers.map((i) => i.externalIds?.['dingtalk-main'])).toEqual(['mgr-liuyang', 'hr-chenjing']);

    type Delivery = { status: string; target: { kind: string; id: string } };
    const toSubscriber = detail.deliveries.filter((d: Delivery) => d.target.kind === 'subscription');
    expect(toSubscriber).toHaveLength(1);
    expect(toSubscriber[0]).toMatchObject({ status: 'delivered', attempts: 1, receipt: { outcome: 'applied' } });
    // The demo's other systems (Kingdee, Yonyou, Beisen) got theirs; nothing went back to DingTalk, the origin.
    const toSystems = detail.deliveries.filter((d: Delivery) => d.target.kind === 'connection');
    expect([...new Set(toSystems.map((d: Delivery) => d.target.id))].sort()).toEqual(['beisen-main', 'kingdee-main', 'yonyou-main', 'yonyou-nc', 'yonyou-u8']);
    expect(toSystems.filter((d: Delivery) => d.status !== 'delivered' && d.status !== 'skipped')).toEqual([]);
    expect(detail.archive).toHaveLength(1);
    expect(detail.archive[0].entry).toMatchObject({ cancellationId: detail.id, interview: { key: 'dingtalk-main:iv-demo-1001' } });
    expect(await h.repos.archive.verifyChain('demo')).toBeUndefined();

    const inbox = await h.api('GET', '/v1/inbox');
    const pushes = inbox.body.items.filter((i: { kind: string }) => i.kind === 'ats_job_deliver_change');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ status: 'processed', deliveries: 3, result: 'poll requested for what changed' });
  });

  it('finds a cancellation without any callback through the scheduled poll', async () => {
    const schedules = await h.queues.get(POLL_QUEUE).getRepeatableJobs();
    // One schedule per polled connection of the demo tenant (K/3, Beisen, NC and YonBIP poll too; U8 has no inbound),
    // at the hub's interval or the connection's own (kingdee-main and beisen-main: 15 s).
    expect(schedules.map((s) => [s.id, s.every]).sort()).toEqual([
      ['poll/demo/beisen-main', 15000],
      ['poll/demo/dingtalk-main', 5000],
      ['poll/demo/kingdee-main', 15000],
      ['poll/demo/yonyou-main', 5000],
      ['poll/demo/yonyou-nc', 5000],
    ]);
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1002/cancel', { pushCount: 0 });
    await waitFor('the scheduled poll to find the cancellation', () => deliveriesOf('iv-demo-1002').length > 0, 30_000);
    const detail = await waitFor('the cancellation to be synced', async () => {
      const c = await cancellationFor('iv-demo-1002');
      return c?.status === 'synced' ? c : undefined;
    });
    await h.idle();
    const got = deliveriesOf('iv-demo-1002');
    expect(got).toHaveLength(1);
    expect(got[0].signatureValid).toBe(true);
    expect(got[0].event.source).toMatchObject({ system: 'dingtalk', mode: 'poll' });
    expect(got[0].event.interview.position.title).toBe('前端工程师');
    expect(detail.archive).toHaveLength(1);
    const webhooks = (await h.api('GET', '/v1/inbox')).body.items.filter((i: { mode: string }) => i.mode === 'webhook');
    expect(webhooks).toHaveLength(1); // only the first test's push: this one came from polling alone
  });

  it('discovers a candidate not in trackedCandidateIds through the flow search and finds its cancellation', async () => {
    const start = Date.now() + 2 * 86_400_000;
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews', {
      interviewId: 'iv-discovered-1',
      candidateId: 'cand-discovered',
      name: '赵敏',
      phone: '13600136000',
      jobId: 'job-discovered',
      jobName: '测试工程师',
      startTimeMillis: start,
      durationMinutes: 45,
      interviewers: ['hr-chenjing'],
    });
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-discovered-1/cancel', { pushCount: 0 });
    await waitFor('the scheduled poll to discover the candidate and find the cancellation', () => deliveriesOf('iv-discovered-1').length > 0, 30_000);
    const got = deliveriesOf('iv-discovered-1');
    expect(got).toHaveLength(1);
    expect(got[0].event).toMatchObject({
      source: { system: 'dingtalk', connectionId: 'dingtalk-main', mode: 'poll', externalEventId: 'interview:iv-discovered-1:cancelled' },
      candidate: { externalIds: { 'dingtalk-main': 'cand-discovered' } },
    });
    const searches = await h.sandboxCall('GET', '/_sandbox/dingtalk/records?api=SearchFlow');
    expect(searches.length).toBeGreaterThan(0);
    expect(searches[0].body).toMatchObject({ opUserId: 'hr-chenjing' });
  });

  it('answers the check_url handshake with the encrypted success DingTalk verifies', async () => {
    const result = await h.sandboxCall('POST', '/_sandbox/dingtalk/check-url', {});
    expect(JSON.stringify(result)).toMatch(/"replyValid":true/);
    expect(JSON.stringify(result)).not.toMatch(/"replyValid":false/);
  });
});
