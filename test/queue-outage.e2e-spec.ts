import { withoutBeisenConfig } from './support/config-copy';
import { HubHarness } from './support/hub-harness';
import { PrivateServices } from './support/private-services';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

/**
 * Acceptance: while Redis is down, a signed DingTalk push is still stored and answered within DingTalk's
 * 3 s, and API calls answer within 2 s; the stored work is queued and processed once Redis is back.
 * Redis here is the test's own (PrivateServices), killed with SIGKILL.
 */
describe('Redis outage', () => {
  const services = new PrivateServices('outage', { ferretdb: 27032, redis: 6394, postgres: 54332 });
  const subscriber = new TestSubscriber();
  let h: HubHarness;

  beforeAll(async () => {
    services.start(true);
    h = await HubHarness.start({ mongoUrl: services.mongoUrl, redisUrl: services.redisUrl, configDir: withoutBeisenConfig() });
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
  }, 180_000);

  afterAll(async () => {
    await h?.close();
    await subscriber.close();
    services.stop();
  });

  it('answers a push within 3 s and the API within 2 s while Redis is down, and processes both once it is back', async () => {
    services.kill('redis');

    // The sandbox gives up on a push after DingTalk's 3 s (callbackTimeoutMs), as DingTalk does: a 200 with a valid reply is in time.
    const cancel = await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1001/cancel', { pushCount: 1 });
    expect(cancel.pushes).toEqual([expect.objectContaining({ httpStatus: 200, replyValid: true })]);

    // A caller that waits 2 s at most gets its answers.
    const created = await h.api(
      'POST',
      '/v1/cancellations',
      {
        interview: { connectionId: 'dingtalk-main', externalId: 'iv-demo-1002', position: { title: '前端工程师' } },
        candidate: { externalId: 'cand-lina', name: '李娜' },
        reason: { code: 'position_changed', detail: 'hiring_paused' },
        initiatedBy: { type: 'system' },
      },
      {},
      2000,
    );
    expect(created.status).toBe(202);
    expect((await h.api('GET', '/v1/cancellations', undefined, {}, 2000)).status).toBe(200);

    // Both are stored, not lost: the push and the one-click cancel wait in the inbox.
    const inbox = (await h.api('GET', '/v1/inbox')).body.items as { kind: string; status: string }[];
    expect(inbox.filter((i) => i.status === 'accepted').map((i) => i.kind).sort()).toEqual(['ats_job_deliver_change', 'interview.cancel']);
    expect(subscriber.received).toHaveLength(0);

    services.start();
    await waitFor('both cancellations at the subscriber', () => new Set(subscriber.received.map((r) => r.event.interview.key)).size === 2, 60_000);
    await h.idle(60_000);
    expect(new Set(subscriber.received.map((r) => r.event.interview.key))).toEqual(new Set(['dingtalk-main:iv-demo-1001', 'dingtalk-main:iv-demo-1002']));
    expect(subscriber.acceptedIds()).toHaveLength(2);
    expect((await h.settled(created.body.id)).status).toBe('synced');
  });
});
