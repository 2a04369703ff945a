import type { LoadedConfig } from '@hub/config';
import { ConnectorError, type BatchOutcome, type Connection, type Connector, type Effect, type Receipt } from '@hub/connector-sdk';
import { HubMetrics } from '@hub/runtime';
import { sampleEvent } from '../../../schema/src/testing/sample-cancellation-event';
import { EffectBatcher } from './effect-batcher';

const conn = (id = 'kd-main', tenantId = 'demo'): Connection => ({ tenantId, id, connector: 'kd', credentials: {}, settings: {} });
const effect = (key: string, type: Effect['type'] = 'moveToTalentPool'): Effect => ({ type, idempotencyKey: key, event: sampleEvent(), params: {} });

function batchingConnector(answer: (effects: Effect[]) => Promise<BatchOutcome[]> = async (es) => es.map((e) => ({ ok: true, receipt: { outcome: 'applied', externalRef: e.idempotencyKey } }))) {
  const calls: { keys: string[]; conn: string }[] = [];
  const singles: string[] = [];
  const connector = {
    id: 'kd',
    capabilities: { inbound: [], effects: ['moveToTalentPool', 'notify'], unsupported: {}, repeat: {}, batches: { moveToTalentPool: { maxItems: 3 } } },
    defaultRateLimit: { max: 1000, durationMs: 1000 },
    apply: async (e: Effect): Promise<Receipt> => (singles.push(e.idempotencyKey), { outcome: 'applied' }),
    applyBatch: async (es: Effect[], c: Connection) => {
      calls.push({ keys: es.map((e) => e.idempotencyKey), conn: `${c.tenantId}/${c.id}` });
      return answer(es);
    },
  } as unknown as Connector;
  return { connector, calls, singles };
}

const batcher = (lingerMs = 20, rateLimits: Record<string, { max: number; durationMs: number }> = {}) =>
  new EffectBatcher({ hub: { pipeline: { batchLingerMs: lingerMs }, rateLimits } } as unknown as LoadedConfig, new HubMetrics());

describe('EffectBatcher', () => {
  it('sends concurrent effects of one connection and type as batches of at most maxItems, each effect its own receipt', async () => {
    const { connector, calls } = batchingConnector();
    const b = batcher();
    const receipts = await Promise.all(['a', 'b', 'c', 'd'].map((k) => b.apply(connector, effect(k), conn())));
    expect(calls).toEqual([
      { keys: ['a', 'b', 'c'], conn: 'demo/kd-main' },
      { keys: ['d'], conn: 'demo/kd-main' },
    ]);
    expect(receipts.map((r) => r.externalRef)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never mixes connections, tenants or effect types in one call; effects without a batch declaration go alone', async () => {
    const { connector, calls, singles } = batchingConnector();
    const b = batcher();
    await Promise.all([
      b.apply(connector, effect('a'), conn('kd-main')),
      b.apply(connector, effect('b'), conn('kd-other')),
      b.apply(connector, effect('c'), conn('kd-main', 'acme')),
      b.apply(connector, effect('n', 'notify'), conn('kd-main')),
    ]);
    expect(calls.map((c) => c.conn).sort()).toEqual(['acme/kd-main', 'demo/kd-main', 'demo/kd-other']);
    expect(calls.every((c) => c.keys.length === 1)).toBe(true);
    expect(singles).toEqual(['n']);
  });

  it('fails only the effect whose row was refused', async () => {
    const { connector } = batchingConnector(async (es) =>
      es.map((e): BatchOutcome => (e.idempotencyKey === 'b' ? { ok: false, error: new ConnectorError('TEMPORARY', 'row b locked') } : { ok: true, receipt: { outcome: 'applied' } })),
    );
    const b = batcher();
    const results = await Promise.allSettled(['a', 'b', 'c'].map((k) => b.apply(connector, effect(k), conn())));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('row b locked');
  });

  it('fails every effect of a call that failed as a whole, or answered the wrong number of outcomes', async () => {
    const whole = batchingConnector(async () => {
      throw new ConnectorError('AUTH_EXPIRED', 'session lost twice');
    });
    const b = batcher();
    const failed = await Promise.allSettled(['a', 'b'].map((k) => b.apply(whole.connector, effect(k), conn())));
    expect(failed.map((r) => (r as PromiseRejectedResult).reason?.message)).toEqual(['session lost twice', 'session lost twice']);
    const short = batchingConnector(async () => [{ ok: true, receipt: { outcome: 'applied' } }]);
    const wrong = await Promise.allSettled(['a', 'b'].map((k) => b.apply(short.connector, effect(k), conn())));
    expect(wrong.map((r) => (r as PromiseRejectedResult).reason?.kind)).toEqual(['PERMANENT', 'PERMANENT']);
  });

  it('keeps a batch open while it waits for the connector\'s pace, so a busy connector sends fuller calls', async () => {
    const { connector, calls } = batchingConnector();
    const b = batcher(5, { kd: { max: 1, durationMs: 400 } });
    await b.apply(connector, effect('a'), conn()); // the first call of the window goes at once
    const second = b.apply(connector, effect('b'), conn()); // its turn comes ~400 ms after the first call
    await new Promise((r) => setTimeout(r, 100));
    const joined = ['c', 'd', 'e'].map((k) => b.apply(connector, effect(k), conn())); // full at 3: closed, then waits
    const late = b.apply(connector, effect('f'), conn()); // a new batch, after the full one
    await Promise.all([second, ...joined, late]);
    expect(calls.map((c) => c.keys)).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
  });

  it('sends a lone effect once the linger time has passed', async () => {
    const { connector, calls } = batchingConnector();
    const receipt = await batcher(5).apply(connector, effect('alone'), conn());
    expect(receipt.outcome).toBe('applied');
    expect(calls).toEqual([{ keys: ['alone'], conn: 'demo/kd-main' }]);
  });
});
