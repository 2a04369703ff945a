import type { JsonLogger, LoadedConfig, TenantDirectory } from '@hub/config';
import { ConnectorError, type Connector, type Effect, type Receipt, type RepeatClass } from '@hub/connector-sdk';
import type { AttemptOutcome, DeliveryRecord, LinkKey, Repositories } from '@hub/persistence';
import { CrashPoints, HubMetrics, type PipelineQueues } from '@hub/runtime';
import { sampleEvent } from '../../../schema/src/testing/sample-cancellation-event';
import type { IdentityService } from '../identity/identity.service';
import type { TargetViewService } from '../identity/target-view.service';
import type { DeliverySettler } from './delivery-settler';
import type { DeliveryTargets } from './delivery-targets';
import type { EventStore } from './event-store';
import { EffectBatcher } from './effect-batcher';
import type { SubscriptionHealth } from './subscription-health';
import { SyncService } from './sync.service';

type Apply = (effect: Effect) => Promise<Receipt>;

/**
 * The sync step against in-memory stand-ins: one delivery, the write-ahead attempt records, a connector whose
 * `apply` the test scripts and counts. Just enough to check what is applied, repeated or left uncertain.
 */
function world(opts: { repeat: RepeatClass; apply: Apply; started?: boolean; outcome?: AttemptOutcome; policy?: 'atMostOnce' | 'atLeastOnce' }) {
  const event = { ...sampleEvent(), candidate: { ...sampleEvent().candidate, hubId: 'H-cand' } };
  const delivery: DeliveryRecord = {
    _id: `${event.id}|connection:hr-main|notify`,
    tenantId: 'demo',
    cancellationId: event.id,
    target: { kind: 'connection', id: 'hr-main', connector: 'hr' },
    effect: 'notify',
    repeat: opts.repeat,
    params: '{}',
    status: 'queued',
    attempts: 0,
    generation: 0,
    history: [],
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  const calls: Effect[] = [];
  const links: { key: LinkKey; hubId: string }[] = [];
  const attempts = new Map<string, AttemptOutcome | 'started'>(opts.started ? [['s', 'started'], ...(opts.outcome ? [['o', opts.outcome] as const] : [])] : []);
  const connector = {
    id: 'hr',
    capabilities: { inbound: [], effects: ['notify'], unsupported: {}, repeat: { notify: opts.repeat } },
    apply: async (effect: Effect) => {
      calls.push(effect);
      return opts.apply(effect);
    },
  } as unknown as Connector;
  const set = (patch: Partial<DeliveryRecord>) => Object.assign(delivery, patch);
  const repos = {
    deliveries: {
      findById: async () => ({ ...delivery }),
      markDelivered: async (_g: unknown, receipt: Receipt, note?: string) =>
        delivery.status === 'delivered' ? false : (set({ status: 'delivered', receipt: { ...receipt, at: new Date() }, history: [...delivery.history, { at: new Date(), outcome: note ? 'recovered' : 'delivered', message: note }] }), true),
      noteRepeat: async (_id: string, message: string) => void set({ history: [...delivery.history, { at: new Date(), outcome: 'recovered', message }] }),
      markSkipped: async () => (set({ status: 'skipped' }), true),
      markUncertain: async (_g: unknown, why: string) => (set({ status: 'uncertain', uncertain: { why, since: new Date() } }), true),
      markFailed: async (_g: unknown, error: { kind: string }, retryAt?: Date) => (set({ status: retryAt ? 'retrying' : 'dead', generation: retryAt ? 1 : 0, lastError: { ...(error as { kind: 'TEMPORARY'; message: string }), at: new Date() } }), true),
    },
    attempts: {
      begin: async () => (attempts.has('s') ? false : (attempts.set('s', 'started'), true)),
      finish: async (_d: string, _g: number, o: AttemptOutcome) => void (attempts.has('o') || attempts.set('o', o)),
      outcome: async () => attempts.get('o') as AttemptOutcome | undefined,
    },
    audit: { record: async () => undefined },
  } as unknown as Repositories;
  const config = { hub: { pipeline: { deliveryAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 100, awaitingLinkRetrySeconds: 300 } } } as LoadedConfig;
  const service = new SyncService(
    repos,
    { get: () => ({ policies: { unsafeEffects: opts.policy ?? 'atMostOnce' } }) } as unknown as TenantDirectory,
    { sync: async () => 'queued' } as unknown as PipelineQueues,
    config,
    { event: () => undefined } as unknown as JsonLogger,
    new CrashPoints(undefined),
    { of: async () => ({ connector, conn: { tenantId: 'demo', id: 'hr-main', connector: 'hr', credentials: {}, settings: {} } }) } as unknown as DeliveryTargets,
    { get: async () => event } as unknown as EventStore,
    { link: async (key: LinkKey, hubId: string) => void links.push({ key, hubId }) } as unknown as IdentityService,
    { build: async () => ({ event, peopleIds: new Map(), missing: [], learned: [] }) } as unknown as TargetViewService,
    { settle: async () => 'synced' } as unknown as DeliverySettler,
    { succeeded: async () => undefined, failed: async () => undefined } as unknown as SubscriptionHealth,
    new HubMetrics(),
    new EffectBatcher(config, new HubMetrics()),
  );
  return { service, delivery, calls, links, job: { deliveryId: delivery._id, generation: 0 } };
}

const applied: Apply = async () => ({ outcome: 'applied', externalRef: 'r-1' });

describe('SyncService: every effect once', () => {
  it('records the attempt, applies once, and links the ids a receipt reports to the event\'s hub ids', async () => {
    const w = world({ repeat: 'unsafe', apply: async () => ({ outcome: 'applied', links: [{ kind: 'candidate', externalId: 'hr-77' }] }) });
    expect(await w.service.process(w.job)).toBe('delivered');
    expect(w.calls).toHaveLength(1);
    expect(w.links).toEqual([{ key: { tenantId: 'demo', connectionId: 'hr-main', kind: 'candidate', externalId: 'hr-77' }, hubId: 'H-cand' }]);
  });

  it('finishes from the recorded outcome of an interrupted attempt, without calling again', async () => {
    const w = world({ repeat: 'unsafe', apply: applied, started: true, outcome: { ok: true, receipt: { outcome: 'applied', externalRef: 'r-0' } } });
    expect(await w.service.process(w.job)).toBe('delivered');
    expect(w.calls).toHaveLength(0);
    expect(w.delivery.history.at(-1)).toMatchObject({ outcome: 'recovered', message: 'the vendor had confirmed before the worker stopped' });
  });

  it.each(['idempotent', 'keyed'] as const)('applies a %s effect again when the interrupted attempt left no outcome', async (repeat) => {
    const w = world({ repeat, apply: applied, started: true });
    expect(await w.service.process(w.job)).toBe('delivered');
    expect(w.calls).toHaveLength(1);
    expect(w.delivery.history.at(-1)?.message).toMatch(/^repeated after an interrupted attempt/);
  });

  it('notes a repeat in the history when the run it took for interrupted finished the delivery meanwhile', async () => {
    let other: ReturnType<typeof world> | undefined;
    const w = (other = world({ repeat: 'keyed', started: true, apply: async () => {
      // The first run, whose job lock was lost while it still ran, records its receipt during this run's call.
      other!.delivery.history.push({ at: new Date(), outcome: 'delivered' });
      other!.delivery.status = 'delivered';
      return { outcome: 'applied' };
    } }));
    expect(await w.service.process(w.job)).toBe('delivered');
    expect(w.calls).toHaveLength(1);
    expect(w.delivery.history.map((h) => h.outcome)).toEqual(['delivered', 'recovered']);
    expect(w.delivery.history[1].message).toMatch(/^repeated after an interrupted attempt .*had finished meanwhile$/);
  });

  it('leaves an unsafe effect uncertain instead of sending it again (atMostOnce)', async () => {
    const w = world({ repeat: 'unsafe', apply: applied, started: true });
    expect(await w.service.process(w.job)).toMatch(/^uncertain: the worker stopped while sending to hr-main, and hr offers no way to ask/);
    expect(w.calls).toHaveLength(0);
    expect(w.delivery.status).toBe('uncertain');
  });

  it('sends an interrupted unsafe effect again under atLeastOnce', async () => {
    const w = world({ repeat: 'unsafe', apply: applied, started: true, policy: 'atLeastOnce' });
    expect(await w.service.process(w.job)).toBe('delivered');
    expect(w.calls).toHaveLength(1);
  });

  it('leaves an unsafe effect uncertain when its call ended without an answer, and retries a clean failure', async () => {
    const timedOut = world({ repeat: 'unsafe', apply: async () => Promise.reject(new ConnectorError('TEMPORARY', 'timeout', { ambiguous: true })) });
    expect(await timedOut.service.process(timedOut.job)).toMatch(/^uncertain: the call to hr-main ended without an answer/);
    const refused = world({ repeat: 'unsafe', apply: async () => Promise.reject(new ConnectorError('TEMPORARY', 'HTTP 503')) });
    expect(await refused.service.process(refused.job)).toMatch(/^retry in \d+ ms: HTTP 503/);
    expect(refused.delivery.status).toBe('retrying');
  });
});
