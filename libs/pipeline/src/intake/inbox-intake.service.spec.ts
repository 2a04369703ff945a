import type { Repositories } from '@hub/persistence';
import type { PipelineQueues } from '@hub/runtime';
import { InboxIntake } from './inbox-intake.service';

/** The intake against in-memory stand-ins: what is stored once, what a repeat counts. */
function world() {
  const stored = new Set<string>();
  const repeats: string[] = [];
  const repos = {
    pending: { add: async () => undefined, remove: async () => undefined },
    inbox: {
      insertAccepted: async (r: { externalEventId: string }) => (stored.has(r.externalEventId) ? 'duplicate' : (stored.add(r.externalEventId), 'stored')),
    },
    outcomes: { countRepeat: async (_t: string, key: string) => void repeats.push(key) },
  } as unknown as Repositories;
  const queues = { ingest: async () => 'queued' } as unknown as PipelineQueues;
  return { intake: new InboxIntake(repos, queues), stored, repeats };
}

const record = (mode: 'poll' | 'webhook', externalEventId = 'ev-1') => ({ tenantId: 'demo', connectionId: 'kingdee-main', externalEventId, kind: 'k', mode, payload: '{}', receivedAt: new Date() });

describe('InboxIntake', () => {
  it('stores an event once; a pushed redelivery is counted, a poll reading it again is not', async () => {
    const w = world();
    expect((await w.intake.accept(record('poll'))).duplicate).toBe(false);
    expect((await w.intake.accept(record('poll'))).duplicate).toBe(true);
    expect(w.repeats).toEqual([]);
    expect((await w.intake.accept(record('webhook'))).duplicate).toBe(true);
    expect(w.repeats).toHaveLength(1);
    // Another process (no memory of the key): the inbox's unique key finds the duplicate, counted the same way.
    const other = world();
    other.stored.add('ev-2');
    await other.intake.accept(record('poll', 'ev-2'));
    await other.intake.accept(record('webhook', 'ev-2'));
    expect(other.repeats).toHaveLength(1);
  });
});
