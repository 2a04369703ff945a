import { sampleEvent } from '../../../schema/src/testing/sample-cancellation-event';
import type { Connector } from '../connector';
import type { Effect, EffectType, RepeatClass } from '../effects';
import { checkAppliedOnce, type ConformanceFixture } from './conformance-kit';

/** A toy vendor: `store` is what it holds; `twice` makes the toy connector misbehave the way the kit must catch. */
function fixture(repeat: RepeatClass, twice: boolean): ConformanceFixture {
  const store: { key: string; object: string }[] = [];
  let n = 0;
  const type: EffectType = 'candidateStatus';
  const connector = {
    id: 'toy',
    system: 'api',
    capabilities: { inbound: [], effects: [type], unsupported: {}, repeat: { [type]: repeat } },
    credentialFields: [],
    settingsSchema: {},
    defaultRateLimit: { max: 1, durationMs: 1 },
    parse: () => [],
    apply: async (effect: Effect) => {
      const object = effect.event.interview.key;
      if (repeat === 'idempotent') {
        // A correct upsert keeps one object per interview; the broken one appends a new object each call.
        if (twice || !store.some((s) => s.object === object)) store.push({ key: effect.idempotencyKey, object: twice ? `${object}#${++n}` : object });
      } else if (repeat === 'keyed') {
        store.push({ key: twice ? `${effect.idempotencyKey}-${++n}` : effect.idempotencyKey, object });
      } else {
        store.push({ key: effect.idempotencyKey, object });
        if (twice) store.push({ key: effect.idempotencyKey, object });
      }
      return { outcome: 'applied' as const };
    },
  } as unknown as Connector;
  const event = sampleEvent();
  return {
    connector,
    connection: { tenantId: 't', id: 'toy', connector: 'toy', credentials: {}, settings: {} },
    sampleEvent: async () => event,
    effectParams: {},
    applications: async (effect) => {
      const mine = store.filter((s) => s.object.startsWith(effect.event.interview.key));
      if (repeat === 'idempotent') return new Set(mine.map((s) => s.object)).size;
      if (repeat === 'keyed') return new Set(mine.map((s) => s.key)).size;
      return mine.length;
    },
    failNext: async () => undefined,
    refusedCredentials: () => ({ connector, connection: { tenantId: 't', id: 'toy', connector: 'toy', credentials: {}, settings: {} } }),
  };
}

describe('conformance kit: applied exactly once, counted in the simulator', () => {
  it.each(['idempotent', 'keyed', 'unsafe'] as const)('passes a %s effect applied once', async (repeat) => {
    await expect(checkAppliedOnce(fixture(repeat, false), 'candidateStatus', 'k-1')).resolves.toBeUndefined();
  });

  it.each(['idempotent', 'keyed', 'unsafe'] as const)('fails a connector whose %s effect is applied twice', async (repeat) => {
    await expect(checkAppliedOnce(fixture(repeat, true), 'candidateStatus', 'k-1')).rejects.toThrow(/holds 2 applications, expected exactly 1/);
  });
});
