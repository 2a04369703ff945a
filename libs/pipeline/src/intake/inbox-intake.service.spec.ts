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
  it('stores an event once; a redelivery is counted, a poll re-reading what a poll stored is not', async () => {
    const w = world();
    expect((await w.intake.accept(record('poll'))).duplicate).toBe(false);
    expect((await w.intake.accept(record('poll'))).duplicate).toBe(true);
    expect(w.repeats).toEqual([]);
    expect((await w.intake.accept(record('webhook'))).duplicate).toBe(true);
    expect(w.repeats).toHaveLength(1);
    // Pushed first, then found by a poll (DingTalk's failed-push list): a second arrival, counted.
    expect((await w.intake.accept(record('webhook', 'ev-3'))).duplicate).toBe(false);
    await w.intake.accept(record('poll', 'ev-3'));
    expect(w.repeats).toHaveLength(2);
    // Another process (no memory of the key): the inbox's unique key finds the duplicate, counted as before.
    const other = world();
    other.stored.add('ev-2');
    await other.intake.accept(record('poll', 'ev-2'));
    expect(other.repeats).toHaveLength(1);
  });
});
