import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

/**
 * Acceptance (issue 7, item 3): while the hub's HTTP endpoint is down DingTalk's pushes fail and land in its
 * failed-push list; after the hub returns, a sweep reads the list and feeds each missed push through the inbox,
 * once — also when the push arrived late after all — and every cancellation reaches the subscriber once.
 */
describe('DingTalk missed pushes → failed-push list → inbox', () => {
  let h: HubHarness;
  let downUrl: string;
  const subscriber = new TestSubscriber();
  let sweeps = 0;

  beforeAll(async () => {
    // The hub "down": a loopback port nothing listens on, so DingTalk's pushes are refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    downUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    h = await HubHarness.start({ env: { HUB_POLL_INTERVAL_SECONDS: '3600' } });
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
  });

  afterAll(async () => {
    await h?.close();
    await subscriber.close();
  });

  const failedList = async (): Promise<unknown[]> => Object.values(await h.sandboxCall<Record<string, unknown[]>>('GET', '/_sandbox/dingtalk/failed-pushes')).flat();
  const inboxOf = async (eventId: string) => (await h.api('GET', '/v1/inbox?limit=200')).body.items.filter((i: { externalEventId: string }) => i.externalEventId === eventId);
  const deliveriesOf = (interviewId: string) => subscriber.received.filter((r) => r.event.interview.externalIds['dingtalk-main'] === interviewId);

  async function cancelWhileDown(interviewId: string): Promise<{ eventId: string; event: Record<string, unknown> }> {
    const cancel = await h.sandboxCall('POST', `/_sandbox/dingtalk/interviews/${interviewId}/cancel`, { pushCount: 2 });
    expect(cancel.pushes.map((p: { replyValid: boolean }) => p.replyValid)).toEqual([false, false]);
    return { eventId: cancel.event.eventId, event: cancel.event };
  }

  async function sweep(): Promise<void> {
    await h.queues.poll({ tenantId: 'demo', connectionId: 'dingtalk-main', scope: 'sweep', subjects: [] }, `test-sweep-${++sweeps}`);
  }

  it('recovers every push missed while the hub was down, each once, and empties the list', async () => {
    await h.pointSandboxAt(downUrl);
    const missed = [await cancelWhileDown('iv-demo-1001'), await cancelWhileDown('iv-demo-1002')];
    expect(await failedList()).toHaveLength(2);
    await h.pointSandboxAt(h.hub.url as string);

    await sweep();
    await waitFor('both missed pushes in the inbox', async () => (await Promise.all(missed.map((m) => inboxOf(m.eventId)))).every((found) => found.length > 0), 30_000);
    await waitFor('both cancellations at the subscriber', () => deliveriesOf('iv-demo-1001').length > 0 && deliveriesOf('iv-demo-1002').length > 0, 30_000);
    await h.idle();

    for (const m of missed) {
      const records = await inboxOf(m.eventId);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ kind: 'ats_job_deliver_change', mode: 'poll', status: 'processed', deliveries: 1 });
    }
    expect(deliveriesOf('iv-demo-1001')).toHaveLength(1);
    expect(deliveriesOf('iv-demo-1002')).toHaveLength(1);
    expect(new Set(subscriber.received.map((r) => r.webhookId)).size).toBe(subscriber.received.length);
    expect(await failedList()).toEqual([]);
    const reads = await h.sandboxCall('GET', '/_sandbox/dingtalk/records?api=call_back.get_call_back_failed_result');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]).toMatchObject({ method: 'GET', query: { access_token: expect.any(String) }, outcome: 'ok' });
  });

  it('keeps one inbox record and one cancellation when a push arrived late and is also in the failed list', async () => {
    await h.pointSandboxAt(downUrl);
    const late = await cancelWhileDown('iv-demo-1003');
    await h.pointSandboxAt(h.hub.url as string);
    const redelivered = await h.sandboxCall('POST', '/_sandbox/dingtalk/push', { event: late.event });
    expect(redelivered.pushes[0]).toMatchObject({ httpStatus: 200, replyValid: true });
    await waitFor('the late push in the inbox', async () => (await inboxOf(late.eventId)).length > 0);
    expect(await failedList()).toHaveLength(1);

    await sweep();
    await waitFor('the failed-push list to be read', async () => (await failedList()).length === 0, 30_000);
    await waitFor('the cancellation at the subscriber', () => deliveriesOf('iv-demo-1003').length > 0, 30_000);
    await h.idle();

    const records = await inboxOf(late.eventId);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'ats_job_deliver_change', mode: 'webhook', deliveries: 2 });
    expect(deliveriesOf('iv-demo-1003')).toHaveLength(1);
  });
});
