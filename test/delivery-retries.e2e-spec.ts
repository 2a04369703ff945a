import { dingtalkOnlyConfig } from './support/config-copy';
import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

/**
 * Acceptance: a target that answers 500 twice then 200 ends delivered; one that always fails ends
 * `dead`, and replay delivers it once it recovers. (HUB_DELIVERY_ATTEMPTS=4 in tests.)
 */
describe('delivery retries, dead letters and replay', () => {
  let h: HubHarness;
  const flaky = new TestSubscriber();
  const down = new TestSubscriber();

  beforeAll(async () => {
    h = await HubHarness.start({ schedules: false, configDir: dingtalkOnlyConfig() });
    await flaky.start();
    await down.start();
    flaky.secret = (await h.subscribe(flaky.url)).secret;
    down.secret = (await h.subscribe(down.url)).secret;
  });

  afterAll(async () => {
    await h?.close();
    await flaky.close();
    await down.close();
  });

  const cancel = (externalId: string) =>
    h.api('POST', '/v1/cancellations', {
      interview: { connectionId: 'dingtalk-main', externalId, position: { title: '销售经理' }, interviewers: [{ externalId: 'mgr-liuyang' }] },
      candidate: { externalId: 'cand-zhangwei', name: '张伟', email: 'zhang.wei@example.com' },
      reason: { code: 'position_changed', detail: 'hiring_paused' },
      initiatedBy: { type: 'system' },
    });

  const deliveryTo = (detail: { deliveries: { target: { id: string }; effect: string }[] }, url: string, subs: Record<string, string>) =>
    detail.deliveries.find((d) => d.effect === 'deliverEvent' && d.target.id === subs[url]) as any;

  it('retries 500s until the target answers 200, and gives up on a target that never recovers; replay then delivers', async () => {
    const subs = Object.fromEntries((await h.api('GET', '/v1/subscriptions')).body.items.map((s: { id: string; url: string }) => [s.url, s.id]));
    flaky.script = [500, 500];
    down.fallbackStatus = 503;

    const created = await cancel('iv-demo-1001');
    expect(created.status).toBe(202);
    const id = created.body.id;
    const detail = await h.settled(id);

    const toFlaky = deliveryTo(detail, flaky.url, subs);
    expect(toFlaky).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(toFlaky.history.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'failed', 'delivered']);
    expect(flaky.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(flaky.received.map((r) => r.webhookId)).size).toBe(1); // every retry carries the same webhook-id

    const toDown = deliveryTo(detail, down.url, subs);
    expect(toDown).toMatchObject({ status: 'dead', attempts: 4, lastError: { kind: 'TEMPORARY' } });
    expect(down.received).toHaveLength(4);
    expect(detail.status).toBe('failed');
    expect(detail.audit.map((a: { action: string }) => a.action)).toContain('delivery.dead');

    expect(detail.deliveries.filter((d: { status: string }) => d.status === 'dead')).toHaveLength(1);
    down.fallbackStatus = 200;
    const replay = await h.api('POST', `/v1/cancellations/${id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body.replayed).toEqual([toDown.id]);
    await waitFor('the replayed delivery', async () => {
      const d = (await h.api('GET', `/v1/cancellations/${id}`)).body;
      return d.status === 'synced' ? d : undefined;
    });
    const after = (await h.api('GET', `/v1/cancellations/${id}`)).body;
    expect(deliveryTo(after, down.url, subs)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(down.acceptedIds()).toEqual([toDown.id]);
    expect(down.received.filter((r) => r.status === 200)).toHaveLength(1);
    expect(flaky.received).toHaveLength(3); // the delivered leg is not replayed

    const again = await h.api('POST', `/v1/cancellations/${id}/replay`);
    expect(again.status).toBe(409);
  });
});
