import { isDuplicateKey } from './mongo-errors';
import { insertBatches, WriteBatcher, type BatchTarget } from './write-batcher';

type Doc = { _id: string };

/** A collection that records each call and answers the way the driver does for unordered inserts. */
function fakeCollection(answer: (docs: Doc[]) => unknown) {
  const calls: string[] = [];
  const fail = (docs: Doc[]) => {
    const e = answer(docs);
    if (e) throw e;
  };
  const target = {
    insertOne: async (doc: Doc) => {
      calls.push(`insertOne ${doc._id}`);
      fail([doc]);
    },
    insertMany: async (docs: Doc[]) => {
      calls.push(`insertMany ${docs.map((d) => d._id).join(',')}`);
      fail(docs);
    },
  };
  return { calls, target: target as unknown as BatchTarget };
}

const settle = (p: Promise<void>) => p.then(() => 'ok', (e: Error & { code?: number }) => `${e.code ?? 'no code'} ${e.message}`);

/** Lets the event loop turn until `done` holds (bounded, so a batcher that never sends fails the test). */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}

describe('batched inserts', () => {
  it('sends a lone insert at once and inserts arriving together as one batch', async () => {
    const { calls, target } = fakeCollection(() => undefined);
    const batcher = insertBatches(target);
    await batcher.submit({ _id: 'a' });
    await Promise.all(['b', 'c', 'd'].map((_id) => batcher.submit({ _id })));
    expect(calls).toEqual(['insertOne a', 'insertMany b,c,d']);
  });

  it('gives each document of a partly failed batch its own outcome', async () => {
    const bulkError = Object.assign(new Error('E11000 duplicate key'), {
      code: 11000,
      writeErrors: [{ index: 1, code: 11000, errmsg: 'E11000 duplicate key: c' }],
      result: { hasWriteConcernError: () => false },
    });
    const { target } = fakeCollection((docs) => (docs.length > 1 ? bulkError : undefined));
    const batcher = insertBatches(target);
    const outcomes = ['b', 'c', 'd'].map((_id) => batcher.submit({ _id }));
    expect(await Promise.all(outcomes.map(settle))).toEqual(['ok', '11000 E11000 duplicate key: c', 'ok']);
    expect(isDuplicateKey(await outcomes[1].catch((e: unknown) => e))).toBe(true);
  });

  it('fails every document with the batch error when the whole write failed', async () => {
    const closed = Object.assign(new Error('connection 3 to 127.0.0.1:27028 closed'), { code: undefined });
    const concern = Object.assign(new Error('write concern'), {
      code: 64,
      writeErrors: [{ index: 0, code: 11000, errmsg: 'E11000 duplicate key: x' }],
      result: { hasWriteConcernError: () => true },
    });
    for (const [error, expected] of [
      [closed, ['no code connection 3 to 127.0.0.1:27028 closed', 'no code connection 3 to 127.0.0.1:27028 closed']],
      [concern, ['11000 E11000 duplicate key: x', '64 write concern']],
    ] as const) {
      const { target } = fakeCollection(() => error);
      const batcher = insertBatches(target);
      expect(await Promise.all(['x', 'y'].map((_id) => settle(batcher.submit({ _id }))))).toEqual(expected);
    }
  });
});

describe('WriteBatcher', () => {
  it('keeps at most maxBatch items per batch and maxInFlight batches in flight, then sends what waited', async () => {
    const releases: Array<() => void> = [];
    let released = 0;
    const calls: string[] = [];
    const batcher = new WriteBatcher<number>(
      (items) => {
        calls.push(`${items.length} items after ${released} finished`);
        return new Promise((resolve) => releases.push(() => resolve(items.map(() => undefined))));
      },
      100,
      2,
    );
    const all = Promise.all(Array.from({ length: 250 }, (_, i) => batcher.submit(i)));
    await turnsUntil(() => calls.length === 2);
    released++;
    releases.shift()!();
    await turnsUntil(() => calls.length === 3);
    releases.splice(0).forEach((release) => release());
    await all;
    expect(calls).toEqual(['100 items after 0 finished', '100 items after 0 finished', '50 items after 1 finished']);
  });

  it('rejects every item of a batch whose send throws, and goes on with the next batch', async () => {
    let sends = 0;
    const batcher = new WriteBatcher<number>(
      async (items) => {
        if (sends++ === 0) throw new Error('server went away');
        return items.map(() => undefined);
      },
      10,
      1,
    );
    const first = await Promise.all([1, 2].map((n) => settle(batcher.submit(n))));
    expect(first).toEqual(['no code server went away', 'no code server went away']);
    expect(await settle(batcher.submit(3))).toBe('ok');
  });
});
