import type { JsonLogger, LoadedConfig } from '@hub/config';
import { ConnectorError } from '@hub/connector-sdk';
import type { Repositories, SubscriptionRecord } from '@hub/persistence';
import { SubscriptionHealth } from './subscription-health';

const NOW = new Date('2026-03-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

/** SubscriptionHealth against a recording stand-in of the repositories; one subscription, `disableAfterFailingHours` 72. */
function world(sub: Partial<SubscriptionRecord> = {}) {
  const calls: string[] = [];
  const audit: { action: string; subject: string; detail?: string }[] = [];
  const events: { msg: string; fields: Record<string, unknown> }[] = [];
  const repos = {
    subscriptions: {
      markFailing: async (_t: string, id: string, at: Date) => void calls.push(`markFailing ${id} ${at.toISOString()}`),
      markHealthy: async (_t: string, id: string) => void calls.push(`markHealthy ${id}`),
      disable: async (_t: string, id: string, reason: string, before?: Date) => (calls.push(`disable ${id} ${reason}${before ? ` before ${before.toISOString()}` : ''}`), true),
    },
    audit: { record: async (_t: string, _actor: string, action: string, subject: string, detail?: string) => void audit.push({ action, subject, detail }) },
  } as unknown as Repositories;
  const config = { hub: { subscriptions: { disableAfterFailingHours: 72 } } } as LoadedConfig;
  const log = { event: (_level: string, msg: string, fields: Record<string, unknown>) => void events.push({ msg, fields }) } as unknown as JsonLogger;
  const record: SubscriptionRecord = { _id: 'sub_1', tenantId: 'demo', url: 'https://hooks.example.com/x', eventTypes: ['interview.cancelled'], sealedSecret: 's', active: true, createdAt: hoursAgo(1000), ...sub };
  return { health: new SubscriptionHealth(repos, config, log), record, calls, audit, events };
}

const failure = new ConnectorError('TEMPORARY', 'POST https://hooks.example.com/x: subscriber answered HTTP 503');

describe('SubscriptionHealth', () => {
  it('disables at once on a gone answer (410), with an audit entry and a notice event', async () => {
    const w = world();
    await w.health.failed(w.record, new ConnectorError('PERMANENT', 'HTTP 410 (Gone)', { httpStatus: 410, gone: true }), NOW);
    expect(w.calls).toEqual(['disable sub_1 gone']);
    expect(w.audit).toEqual([{ action: 'subscription.disabled', subject: 'sub_1', detail: expect.stringMatching(/^gone: the subscriber answered 410 Gone; POST \/v1\/subscriptions\/sub_1\/enable/) }]);
    expect(w.events).toEqual([{ msg: 'subscription.disabled', fields: expect.objectContaining({ tenantId: 'demo', subscriptionId: 'sub_1', reason: 'gone' }) }]);
  });

  it('starts the failure clock on the first failure', async () => {
    const w = world();
    await w.health.failed(w.record, failure, NOW);
    expect(w.calls).toEqual([`markFailing sub_1 ${NOW.toISOString()}`]);
    expect(w.audit).toEqual([]);
  });

  it('leaves a subscription failing for less than the configured time alone', async () => {
    const w = world({ failingSince: hoursAgo(71) });
    await w.health.failed(w.record, failure, NOW);
    expect(w.calls).toEqual([]);
  });

  it('disables a subscription failing for the configured time, only if still failing since then', async () => {
    const w = world({ failingSince: hoursAgo(72) });
    await w.health.failed(w.record, failure, NOW);
    expect(w.calls).toEqual([`disable sub_1 failing before ${hoursAgo(72).toISOString()}`]);
    expect(w.audit[0]).toMatchObject({ action: 'subscription.disabled', detail: expect.stringMatching(/^failing: its deliveries have failed without a success since/) });
  });

  it('stops the clock on a success, writing only when it ran', async () => {
    const running = world({ failingSince: hoursAgo(3) });
    await running.health.succeeded(running.record);
    expect(running.calls).toEqual(['markHealthy sub_1']);
    const healthy = world();
    await healthy.health.succeeded(healthy.record);
    expect(healthy.calls).toEqual([]);
  });

  it('does nothing for deliveries to connections', async () => {
    const w = world();
    await w.health.failed(undefined, failure, NOW);
    await w.health.succeeded(undefined);
    expect(w.calls).toEqual([]);
  });
});
