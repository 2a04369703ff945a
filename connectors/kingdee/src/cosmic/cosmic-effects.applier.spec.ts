import { ConnectorError, type BatchOutcome, type Connection, type Effect } from '@hub/connector-sdk';
import type { CancellationEvent } from '@hub/schema';
import type { CosmicApiClient, CosmicSaveRow } from './cosmic-api.client';
import { cosmicBillKey } from './cosmic-bill';
import { applyCosmicEffect, applyCosmicEffects } from './cosmic-effects.applier';

const conn = (settings: Record<string, unknown> = {}): Connection => ({ tenantId: 't', id: 'cosmic-main', connector: 'kingdee-cosmic', credentials: {}, settings: { baseUrl: 'http://cosmic.test', ...settings } });
const event = (candidate = 'cand-1') =>
  ({ interview: { key: 'api:iv-1', externalIds: {} }, candidate: { externalIds: { 'cosmic-main': candidate } }, cancellation: { reason: { code: 'x' } } }) as unknown as CancellationEvent;
const pool = (key: string, candidate?: string): Effect => ({ type: 'moveToTalentPool', idempotencyKey: key, event: event(candidate), params: { pool: '潜在候选人' } });

/** A fake Cosmic: rows per form keyed by hubkey, calls counted, a row refused when its candidate is "bad". */
function fakeClient(held: Record<string, unknown>[] = []) {
  const calls: { op: 'query' | 'save'; size: number }[] = [];
  let failSave: Error | undefined;
  let failSaveAfter = Infinity;
  const client = {
    async queryAll(_c: Connection, _f: unknown, filter: Record<string, unknown>) {
      const keys = filter.hubkey as string[];
      calls.push({ op: 'query', size: keys.length });
      return held.filter((r) => keys.includes(r.hubkey as string));
    },
    async save(_c: Connection, _f: unknown, bills: Record<string, unknown>[]): Promise<CosmicSaveRow[]> {
      calls.push({ op: 'save', size: bills.length });
      if (failSave && calls.filter((c) => c.op === 'save').length > failSaveAfter) throw failSave;
      // Answered in reverse order: the connector must follow billIndex, not the position.
      return bills
        .map((b, billIndex): CosmicSaveRow => {
          if (b.candidate === 'bad') return { billIndex, billStatus: false, errors: [{ message: '候选人不存在' }], id: '', type: 'Add' };
          held.push({ ...b, id: `id-${held.length + 1}` });
          return { billIndex, billStatus: true, errors: [], id: `id-${held.length}`, number: `N${held.length}`, type: 'Add' };
        })
        .reverse();
    },
  };
  return {
    client: client as unknown as CosmicApiClient,
    calls,
    held,
    failSavesAfter(count: number, error: Error) {
      failSaveAfter = count;
      failSave = error;
    },
  };
}

const errorOf = (o: BatchOutcome) => (o.ok ? undefined : (o.error as ConnectorError));

describe('Cosmic effects applier', () => {
  it('applies N effects with one query and one save, one receipt each in input order', async () => {
    const fake = fakeClient();
    const effects = [pool('a'), pool('b'), pool('c')];
    const outcomes = await applyCosmicEffects(fake.client, effects, conn());
    expect(fake.calls).toEqual([{ op: 'query', size: 3 }, { op: 'save', size: 3 }]);
    expect(outcomes.map((o) => o.ok && o.receipt.outcome)).toEqual(['applied', 'applied', 'applied']);
    const refs = outcomes.map((o) => (o.ok ? o.receipt.externalRef : ''));
    expect(refs.map((ref) => fake.held.find((r) => r.id === ref)?.hubkey)).toEqual(effects.map(cosmicBillKey));
  });

  it('finds the bills of earlier attempts by key: duplicate, not saved again; a whole repeat saves nothing', async () => {
    const fake = fakeClient([{ id: 'old-1', number: 'P-1', hubkey: cosmicBillKey(pool('a')) }]);
    const outcomes = await applyCosmicEffects(fake.client, [pool('a'), pool('b')], conn());
    expect(outcomes.map((o) => o.ok && o.receipt)).toEqual([{ outcome: 'duplicate', externalRef: 'old-1', detail: 'hr_talentpool_entry P-1' }, expect.objectContaining({ outcome: 'applied' })]);
    expect(fake.calls).toEqual([{ op: 'query', size: 2 }, { op: 'save', size: 1 }]);
    const again = await applyCosmicEffects(fake.client, [pool('a'), pool('b')], conn());
    expect(again.map((o) => o.ok && o.receipt.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(fake.calls.slice(2)).toEqual([{ op: 'query', size: 2 }]);
  });

  it('fails only the effect whose row was refused (INVALID), or whose bill cannot be made', async () => {
    const fake = fakeClient();
    const noStatus: Effect = { type: 'moveToTalentPool', idempotencyKey: 'd', event: event(), params: {} };
    const outcomes = await applyCosmicEffects(fake.client, [pool('a'), pool('b', 'bad'), pool('c'), noStatus], conn());
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, false]);
    expect([errorOf(outcomes[1])?.kind, errorOf(outcomes[1])?.message]).toEqual(['INVALID', expect.stringContaining('候选人不存在')]);
    expect(errorOf(outcomes[3])?.kind).toBe('INVALID');
    expect(fake.calls).toEqual([{ op: 'query', size: 3 }, { op: 'save', size: 3 }]);
  });

  it('saves one bill for an effect given twice; the second is its duplicate', async () => {
    const fake = fakeClient();
    const outcomes = await applyCosmicEffects(fake.client, [pool('a'), pool('a')], conn());
    expect(outcomes.map((o) => o.ok && o.receipt.outcome)).toEqual(['applied', 'duplicate']);
    expect(fake.calls).toEqual([{ op: 'query', size: 1 }, { op: 'save', size: 1 }]);
  });

  it('cuts a batch into saves of batchMaxRows; a failed first call throws, a later one fails the rest', async () => {
    const fake = fakeClient();
    const five = ['a', 'b', 'c', 'd', 'e'].map((k) => pool(k));
    expect((await applyCosmicEffects(fake.client, five, conn({ batchMaxRows: 2 }))).every((o) => o.ok)).toBe(true);
    expect(fake.calls.map((c) => `${c.op}:${c.size}`)).toEqual(['query:2', 'save:2', 'query:2', 'save:2', 'query:1', 'save:1']);

    const later = fakeClient();
    later.failSavesAfter(1, new ConnectorError('RATE_LIMITED', 'throttled'));
    const outcomes = await applyCosmicEffects(later.client, five, conn({ batchMaxRows: 2 }));
    expect(outcomes.map((o) => o.ok || errorOf(o)?.kind)).toEqual([true, true, 'RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(later.calls.map((c) => c.op)).toEqual(['query', 'save', 'query', 'save']);

    const first = fakeClient();
    first.failSavesAfter(0, new ConnectorError('TEMPORARY', 'HTTP 502'));
    await expect(applyCosmicEffects(first.client, five, conn({ batchMaxRows: 2 }))).rejects.toMatchObject({ kind: 'TEMPORARY' });
  });

  it('applies one effect as a batch of one: the receipt, or its row error thrown; no call for an unusable effect', async () => {
    const fake = fakeClient();
    expect(await applyCosmicEffect(fake.client, pool('a'), conn())).toMatchObject({ outcome: 'applied', externalRef: 'id-1' });
    await expect(applyCosmicEffect(fake.client, pool('b', 'bad'), conn())).rejects.toMatchObject({ kind: 'INVALID' });
    const calls = fake.calls.length;
    await expect(applyCosmicEffect(fake.client, { ...pool('c'), params: {} }, conn())).rejects.toMatchObject({ kind: 'INVALID' });
    await expect(applyCosmicEffect(fake.client, { ...pool('c'), type: 'notify' }, conn())).rejects.toMatchObject({ kind: 'PERMANENT' });
    expect(fake.calls).toHaveLength(calls);
  });

  it('refuses a batch mixing effect types', async () => {
    await expect(applyCosmicEffects(fakeClient().client, [pool('a'), { ...pool('b'), type: 'followUpReminder' }], conn())).rejects.toMatchObject({ kind: 'PERMANENT' });
  });
});
