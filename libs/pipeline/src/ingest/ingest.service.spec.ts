import type { JsonLogger, LoadedConfig, TenantDirectory } from '@hub/config';
import type { ConnectorRegistry } from '@hub/connector-sdk';
import type { Repositories } from '@hub/persistence';
import type { PipelineQueues } from '@hub/runtime';
import { sampleEvent } from '../../../schema/src/testing/sample-cancellation-event';
import type { CancellationFanout } from '../fanout/cancellation-fanout.service';
import { IngestService } from './ingest.service';

/** In-memory stand-ins for what ingest writes: the pending list and the outcomes. */
function world(fanout: () => Promise<unknown>, ingestAttempts = 3) {
  const pending = new Map<string, { attempts: number; lastError?: string }>([['in-1', { attempts: 0 }]]);
  const outcomes = new Map<string, { status: string; error?: string; result?: string }>();
  const repos = {
    pending: {
      remove: async (id: string) => void pending.delete(id),
      recordFailure: async (id: string, error: string) => {
        const p = pending.get(id)!;
        p.attempts++;
        p.lastError = error;
        return p.attempts;
      },
    },
    outcomes: { record: async (o: { _id: string; status: string; error?: string; result?: string }) => void (outcomes.has(o._id) || outcomes.set(o._id, o)) },
  } as unknown as Repositories;
  const service = new IngestService(
    repos,
    {} as ConnectorRegistry,
    {} as TenantDirectory,
    {} as PipelineQueues,
    { accept: fanout } as unknown as CancellationFanout,
    { hub: { pipeline: { ingestAttempts } } } as LoadedConfig,
    { event: () => undefined } as unknown as JsonLogger,
  );
  const job = { inboxId: 'in-1', record: { tenantId: 'demo', connectionId: 'api', mode: 'api' as const, payload: JSON.stringify({ event: sampleEvent(), actor: 'api:t' }), receivedAt: new Date().toISOString() } };
  return { service, job, pending, outcomes };
}

describe('IngestService failures', () => {
  it('rethrows a failure for a retry, and after ingestAttempts tries records the record failed with its error and leaves it', async () => {
    const w = world(async () => {
      throw new Error('MongoNetworkError: connection 3 to 127.0.0.1:27028 closed');
    });
    await expect(w.service.process(w.job)).rejects.toThrow(/connection 3/);
    await expect(w.service.process(w.job)).rejects.toThrow(/connection 3/);
    expect(w.pending.get('in-1')).toMatchObject({ attempts: 2 });
    expect(w.outcomes.size).toBe(0);
    await expect(w.service.process(w.job)).resolves.toBe('failed: gave up after 3 attempts: MongoNetworkError: connection 3 to 127.0.0.1:27028 closed');
    expect(w.outcomes.get('in-1')).toMatchObject({ status: 'failed', error: 'gave up after 3 attempts: MongoNetworkError: connection 3 to 127.0.0.1:27028 closed' });
    // The outcome settles the pending entry: the sweeper trims it and never requeues it (ingest-backlog.spec).
  });

  it('records a record that can never be processed as failed at once', async () => {
    const w = world(async () => 'never called');
    w.job.record.payload = '{"event": {"schemaVersion": 1}}';
    await expect(w.service.process(w.job)).resolves.toMatch(/^failed: the stored one-click cancel is not a valid event/);
    expect(w.outcomes.get('in-1')?.status).toBe('failed');
  });

  it('records success as the outcome, and deletes nothing from the pending list (the sweeper trims in bulk)', async () => {
    const w = world(async () => ({ summary: 'cancellation X created' }));
    await expect(w.service.process(w.job)).resolves.toBe('cancellation X created');
    expect(w.outcomes.get('in-1')).toMatchObject({ status: 'processed', result: 'cancellation X created' });
    expect(w.pending.size).toBe(1);
  });
});

describe('IngestService poll hints', () => {
  /** A webhook record whose connector reads every event as "something changed" (a poll hint without subjects). */
  function hinting(outcomes: Array<'queued' | 'deferred'>) {
    const adds: string[] = [];
    const queues = { poll: async (_job: unknown, jobId: string) => (adds.push(jobId), outcomes.shift() ?? 'queued') } as unknown as PipelineQueues;
    const connection = { id: 'dingtalk-main', connector: 'dingtalk' };
    const tenants = { get: () => ({ id: 'demo' }), connection: () => connection } as unknown as TenantDirectory;
    const registry = { get: () => ({ parse: () => [{ kind: 'pollHint', subjects: [] }] }) } as unknown as ConnectorRegistry;
    const repos = { outcomes: { record: async () => undefined } } as unknown as Repositories;
    const service = new IngestService(repos, registry, tenants, queues, {} as CancellationFanout, { hub: { pipeline: { ingestAttempts: 3 } } } as LoadedConfig, { event: () => undefined } as unknown as JsonLogger);
    const job = (n: number) => ({ inboxId: `in-${n}`, record: { tenantId: 'demo', connectionId: 'dingtalk-main', externalEventId: `ev-${n}`, kind: 'ats_job_deliver_change', mode: 'webhook' as const, payload: '{}', receivedAt: new Date().toISOString() } });
    return { service, job, adds };
  }

  it('asks Redis once per coalescing window, and again after an add that could not reach it', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-30T12:00:00.100Z'));
    try {
      const w = hinting(['deferred']);
      for (let n = 1; n <= 3; n++) await expect(w.service.process(w.job(n))).resolves.toBe('poll requested for what changed');
      expect(w.adds).toHaveLength(2); // the first add was deferred (Redis away), so the second hint added again
      expect(new Set(w.adds).size).toBe(1);
      now.mockReturnValue(Date.parse('2026-11-30T12:00:01.100Z'));
      await w.service.process(w.job(4));
      expect(w.adds).toHaveLength(3);
      expect(new Set(w.adds).size).toBe(2); // a new window, a new poll
    } finally {
      now.mockRestore();
    }
  });
});
