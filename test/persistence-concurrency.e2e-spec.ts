import { Repositories } from '@hub/persistence';
import { testMongoUrl } from './support/services';

/**
 * The keyed, conditional writes the pipeline relies on must hold under concurrency: one insert per
 * dedup key, every redelivery counted, one winner per conditional state change. On FerretDB this
 * holds only because each process talks to it over one connection (maxPoolSize=1 in the MONGO_URL
 * that scripts/services.sh prints); this test fails if that guarantee is lost.
 */
describe('repository writes under concurrency', () => {
  let repos: Repositories;

  beforeAll(async () => {
    const fresh = await Repositories.connect(testMongoUrl());
    await fresh.db.dropDatabase();
    await fresh.close();
    repos = await Repositories.connect(testMongoUrl());
  });

  afterAll(async () => {
    await repos?.close();
  });

  it('stores a redelivered event once and counts every delivery', async () => {
    const push = { tenantId: 'demo', connectionId: 'dingtalk-main', externalEventId: 'ev-concurrent', kind: 'x', mode: 'webhook' as const, payload: '{}', receivedAt: new Date() };
    const results = await Promise.all(Array.from({ length: 40 }, () => repos.inbox.accept(push)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.record._id)).size).toBe(1);
    expect((await repos.inbox.findById(results[0].record._id))?.deliveries).toBe(40);
  });

  it('lets exactly one of many racing attempts settle a delivery generation', async () => {
    await repos.deliveries.plan([{ tenantId: 'demo', cancellationId: 'c-1', target: { kind: 'subscription', id: 'sub_1', connector: 'webhook' }, effect: 'deliverEvent', params: '{}' }]);
    const id = 'c-1|subscription:sub_1|deliverEvent';
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? repos.deliveries.markDelivered(id, 0, { outcome: 'applied' }) : repos.deliveries.markFailed(id, 0, { kind: 'TEMPORARY', message: 'x' }, new Date()),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    const d = await repos.deliveries.findById(id);
    expect(d?.attempts).toBe(1);
    expect(d?.history).toHaveLength(1);
  });
});
