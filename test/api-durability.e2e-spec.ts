import { INGEST_QUEUE, jobIds } from '@hub/queue';
import { withoutBeisenConfig } from './support/config-copy';
import { call, DEMO_API_KEY, HubHarness } from './support/hub-harness';
import { crashes, freePort, listening, spawnHubProcess, type HubProcess } from './support/child-process';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

/**
 * Acceptance: a one-click cancel is durable once answered. The HTTP process that answered 202 is killed
 * (SIGKILL) the instant its answer is sent, and its queued job is lost as well; a worker started afterwards
 * still fans the cancellation out (from the inbox's pending list).
 */
describe('one-click cancel survives the death of the process that accepted it', () => {
  let h: HubHarness;
  const subscriber = new TestSubscriber();
  const children: HubProcess[] = [];

  beforeAll(async () => {
    // The harness provides sandbox, database and queues; its own in-process hub serves HTTP only and runs no worker.
    h = await HubHarness.start({ role: 'hub', configDir: withoutBeisenConfig() });
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
  });

  afterAll(async () => {
    for (const c of children) c.child.kill('SIGKILL');
    await h?.close();
    await subscriber.close();
  });

  it('is fanned out after the accepting process died right after its 202', async () => {
    const port = await freePort();
    const accepting = spawnHubProcess('hub', { ...h.env(), HUB_ROLE: 'hub', PORT: String(port), HUB_CRASH_AT: 'api.after-accept:1' });
    children.push(accepting);
    const url = await listening(accepting, port);
    const res = await call<any>(`${url}/v1/cancellations`, 'POST', {
      interview: { connectionId: 'dingtalk-main', externalId: 'iv-demo-1003', position: { title: '销售经理' } },
      candidate: { externalId: 'cand-wangfang', name: '王芳' },
      reason: { code: 'candidate_withdrew', detail: 'other_offer' },
      initiatedBy: { type: 'candidate' },
    }, { authorization: `Bearer ${DEMO_API_KEY}`, 'idempotency-key': 'durable-1' });
    expect(res.status).toBe(202);
    expect(await accepting.exited).toBeNull(); // killed by the signal right after answering
    expect(crashes(accepting.output())).toEqual([{ point: 'api.after-accept', subject: res.body.inboxId }]);

    // Nothing consumed the work yet; lose the queued job too, as a Redis failure would.
    expect((await h.api('GET', `/v1/cancellations/${res.body.id}`)).status).toBe(404);
    await (await h.queues.get(INGEST_QUEUE).getJob(jobIds.ingest(res.body.inboxId)))?.remove();
    expect(await h.queues.get(INGEST_QUEUE).getJob(jobIds.ingest(res.body.inboxId))).toBeNull();

    children.push(spawnHubProcess('worker', h.env()));
    const detail = await h.settled(res.body.id, 30_000);
    expect(detail.status).toBe('synced');
    await waitFor('the subscriber to receive it', () => subscriber.received.some((r) => r.event.id === res.body.id));
    await h.idle();
    expect(subscriber.received.filter((r) => r.event.id === res.body.id)).toHaveLength(1);
    expect((await h.api('GET', `/v1/inbox/${res.body.inboxId}`)).body).toMatchObject({ status: 'processed', kind: 'interview.cancel' });
  });
});
