import Redis from 'ioredis';
import { JsonLogger } from '@hub/config';
import { Repositories, type LinkKey } from '@hub/persistence';
import { IdentityMerges, IdentityService } from '@hub/pipeline';
import { RedisLocks, type PipelineQueues } from '@hub/runtime';
import { flushRedisPrefix, testMongoUrl, testRedisUrl } from './support/services';

/**
 * The keyed writes the pipeline relies on must hold under concurrency on the local MongoDB-compatible
 * server, which does not isolate concurrent updates of one document: every guarantee below comes from a
 * unique-key insert, never from an update. Two repository instances stand for two hub processes.
 */
describe('keyed writes under concurrency', () => {
  let a: Repositories;
  let b: Repositories;
  const redis = [new Redis(testRedisUrl()), new Redis(testRedisUrl())];

  beforeAll(async () => {
    const fresh = await Repositories.connect(testMongoUrl());
    await fresh.db.dropDatabase();
    await fresh.close();
    a = await Repositories.connect(testMongoUrl());
    b = await Repositories.connect(testMongoUrl());
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await flushRedisPrefix('concurrency-test');
    for (const r of redis) r.disconnect();
  });

  it('stores a redelivered event once; every delivery is counted', async () => {
    const push = { tenantId: 'demo', connectionId: 'dingtalk-main', externalEventId: 'ev-concurrent', kind: 'x', mode: 'webhook' as const, payload: '{}', receivedAt: new Date() };
    const results = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const repos = i % 2 ? a : b;
        const outcome = await repos.inbox.insertAccepted({ ...push, _id: `in-${i}` });
        if (outcome === 'duplicate') await repos.outcomes.countRepeat('demo', 'demo|dingtalk-main|ev-concurrent');
        return outcome;
      }),
    );
    expect(results.filter((r) => r === 'stored')).toHaveLength(1);
    expect(await a.inbox.model.countDocuments({ dedupKey: 'demo|dingtalk-main|ev-concurrent' })).toBe(1);
    expect((await a.outcomes.deliveriesOf('demo', ['demo|dingtalk-main|ev-concurrent'])).get('demo|dingtalk-main|ev-concurrent')).toBe(40);
  });

  it('lets exactly one of many racing jobs start a delivery attempt', async () => {
    const starts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).attempts.begin('c-1|subscription:sub_1|deliverEvent', 3)));
    expect(starts.filter(Boolean)).toHaveLength(1);
  });

  it('never splits one person: racing resolutions of overlapping ids and facts end as one hub id', async () => {
    const log = new JsonLogger('error');
    const queues = {} as PipelineQueues; // not used: no delivery waits for these links
    const identities = [a, b].map((repos, i) => new IdentityService(repos, queues, new RedisLocks(redis[i], 'concurrency-test'), new IdentityMerges(repos, log), log));
    const key = (connectionId: string, externalId: string): LinkKey => ({ tenantId: 'demo', kind: 'candidate', connectionId, externalId });
    const phone = key('@phone', '13800138000');
    // Three systems report the same person at once: two by their own id and the shared phone, one by an id another also has.
    const variants = [[phone, key('dingtalk-a', 'c-1')], [phone, key('dingtalk-b', 'c-77')], [key('dingtalk-a', 'c-1')]];
    // A report naming only c-1 may come first and a report naming only c-77 and the phone second: two records,
    // until a third names c-1 and the phone, when they are merged. Whatever the order, one person remains.
    const hubIds = await Promise.all(Array.from({ length: 30 }, (_, i) => identities[i % 2].claimGroup(variants[i % 3], 'origin')));
    const survivors = new Set(await Promise.all(hubIds.map((h) => identities[0].canonical('demo', 'candidate', h, true))));
    expect(survivors.size).toBe(1);
    const [person] = [...survivors];
    for (const k of [phone, key('dingtalk-a', 'c-1'), key('dingtalk-b', 'c-77')]) expect(await identities[1].hubIdOf(k)).toBe(person);
    expect(await a.links.externalIdOf('demo', 'candidate', person, 'dingtalk-a')).toBe('c-1');
    expect(await a.links.externalIdOf('demo', 'candidate', person, 'dingtalk-b')).toBe('c-77');
  });

  it('sends concurrent inserts as shared batches, and gives each document its own outcome', async () => {
    const push = (eventId: string, n: number) => ({ _id: `batch-${eventId}-${n}`, tenantId: 'demo', connectionId: 'dingtalk-main', externalEventId: eventId, kind: 'x', mode: 'webhook' as const, payload: '{}', receivedAt: new Date() });
    for (let i = 0; i < 20; i++) expect(await a.inbox.insertAccepted(push(`ev-old-${i}`, 0))).toBe('stored');
    const collection = a.inbox.model.collection;
    const insertMany = jest.spyOn(collection, 'insertMany');
    const insertOne = jest.spyOn(collection, 'insertOne');
    // 60 at once, interleaved: 40 new events and 20 redeliveries of stored ones.
    const eventIds = Array.from({ length: 60 }, (_, i) => (i % 3 === 2 ? `ev-old-${(i - 2) / 3}` : `ev-new-${i}`));
    const outcomes = await Promise.all(eventIds.map((id) => a.inbox.insertAccepted(push(id, 1))));
    const batches = insertMany.mock.calls.map(([docs]) => docs.length).concat(insertOne.mock.calls.map(() => 1));
    insertMany.mockRestore();
    insertOne.mockRestore();
    expect(outcomes.map((o, i) => `${eventIds[i]}:${o}`)).toEqual(eventIds.map((id) => `${id}:${id.startsWith('ev-old') ? 'duplicate' : 'stored'}`));
    expect(batches.reduce((n, docs) => n + docs, 0)).toBe(60);
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(await a.inbox.model.countDocuments({ externalEventId: { $regex: /^ev-(new|old)-/ } })).toBe(60);
  });

  it('keeps one intact hash chain when two processes append at once', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).archive.append('demo', `c-${i}`, 'interview.cancelled', JSON.stringify({ i }))));
    const entries = await a.archive.model.find({ tenantId: 'demo' }).sort({ seq: 1 }).lean();
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.cancellationId)).size).toBe(30);
    expect(await a.archive.verifyChain('demo')).toBeUndefined();
  });
});
