import { spawnHubProcess, type HubProcess } from './support/child-process';
import { dingtalkOnlyConfig } from './support/config-copy';
import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

const N = 12;

/**
 * Acceptance: killing the worker mid-sync and starting it again loses nothing and duplicates
 * nothing. The HTTP hub runs here (HUB_ROLE=hub); the worker is a separate OS process that gets
 * SIGKILL while deliveries to a slow subscriber are in flight.
 */
describe('worker crash mid-sync', () => {
  let h: HubHarness;
  let worker: HubProcess | undefined;
  const subscriber = new TestSubscriber();

  beforeAll(async () => {
    // Only the subscriber is a target here, so every in-flight delivery is one we can observe.
    const dir = dingtalkOnlyConfig((tenant) => (tenant.connections[0].effects = []));
    h = await HubHarness.start({ role: 'hub', configDir: dir, env: { HUB_JOB_LOCK_MS: '2000' } });
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
    subscriber.delayMs = 400;
  });

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await h?.close();
    await subscriber.close();
  });

  it('loses nothing and duplicates nothing', async () => {
    worker = spawnHubProcess('worker', { ...h.env(), HUB_CONFIG_DIR: h.options.configDir as string });
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const res = await h.api('POST', '/v1/cancellations', {
        interview: { connectionId: 'dingtalk-main', externalId: `iv-crash-${i}`, position: { title: '销售经理' } },
        candidate: { externalId: `cand-crash-${i}`, name: `候选人${i}` },
        reason: { code: 'position_changed', detail: 'headcount_reduced' },
        initiatedBy: { type: 'system' },
      });
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }

    await waitFor('deliveries to be in flight', () => subscriber.received.length >= 3, 30_000, 20);
    const first = worker;
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull(); // killed by the signal, not a clean exit
    const inFlight = subscriber.received.length;
    expect(inFlight).toBeLessThan(N); // the kill really happened mid-sync

    worker = spawnHubProcess('worker', { ...h.env(), HUB_CONFIG_DIR: h.options.configDir as string });
    await waitFor(
      'every cancellation to be synced after the restart',
      async () => {
        const statuses = await Promise.all(ids.map(async (id) => (await h.api('GET', `/v1/cancellations/${id}`)).body.status));
        return statuses.every((s) => s === 'synced');
      },
      60_000,
      250,
    );

    // Nothing lost: one accepted delivery per cancellation, signed, with its receipt.
    const deliveries = await h.repos.deliveries.model.find({ tenantId: 'demo' }).lean();
    expect(deliveries).toHaveLength(N);
    expect(deliveries.map((d) => `${d.status} ${d.receipt?.outcome} ${d.lastError?.message ?? ''}`.trim())).toEqual(deliveries.map(() => 'delivered applied'));
    const accepted = new Set(subscriber.received.filter((r) => r.status === 200 && r.answered).map((r) => r.webhookId));
    expect([...accepted].sort()).toEqual(deliveries.map((d) => d._id).sort());
    expect(subscriber.received.every((r) => r.signatureValid)).toBe(true);

    // Nothing duplicated: one record per cancellation in every collection; a request re-sent after the
    // crash carries the same webhook-id and the same bytes, so receivers deduplicate it exactly.
    expect(new Set(subscriber.received.map((r) => r.event.id)).size).toBe(N);
    for (const id of accepted) {
      const bodies = new Set(subscriber.received.filter((r) => r.webhookId === id).map((r) => r.body));
      expect(bodies.size).toBe(1);
    }
    expect(await h.repos.cancellations.model.countDocuments({ tenantId: 'demo' })).toBe(N);
    expect(await h.repos.archive.model.countDocuments({ tenantId: 'demo' })).toBe(N);
    expect(await h.repos.archive.verifyChain('demo')).toBeUndefined();

    // Secrets never reach the logs of either worker.
    for (const log of [first.output(), worker.output()]) {
      expect(log).not.toContain(subscriber.secret);
      expect(log).not.toContain(h.encryptionKey);
      expect(log).not.toContain('demo-app-secret-0001');
    }
  });
});
