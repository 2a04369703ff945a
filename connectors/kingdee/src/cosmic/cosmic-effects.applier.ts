import { batchFailed, ConnectorError, type BatchOutcome, type Connection, type Effect, type Receipt } from '@hub/connector-sdk';
import type { CosmicApiClient } from './cosmic-api.client';
import { billReceipt, cosmicBill, cosmicBillKey, cosmicFormOf, saveRowOutcome } from './cosmic-bill';
import { resolveSettings, type CosmicSaveForm } from './cosmic-settings';

type Planned = { key: string; bill: Record<string, unknown> } | { failed: BatchOutcome };

/**
 * Applies effects of one type as bills of the effect's form (COSMIC.md "Effects"), `batchMaxRows` at a time: per
 * chunk ONE `query` for the bills already holding the chunk's keys (earlier attempts: `duplicate`, nothing written)
 * and ONE `save` of the others. A refused row fails its effect only. A failed call throws when it is the first chunk's
 * (nothing of the batch was saved); a later chunk's failure fails that chunk's and the remaining effects with it.
 */
export async function applyCosmicEffects(client: CosmicApiClient, effects: Effect[], conn: Connection): Promise<BatchOutcome[]> {
  if (!effects.length) return [];
  const type = effects[0].type;
  if (effects.some((e) => e.type !== type)) throw new ConnectorError('PERMANENT', 'kingdee-cosmic applies a batch of one effect type only');
  const settings = resolveSettings(conn);
  const form = cosmicFormOf(type, settings);
  const outcomes: BatchOutcome[] = [];
  for (let start = 0; start < effects.length; start += settings.batchMaxRows) {
    const chunk = effects.slice(start, start + settings.batchMaxRows);
    try {
      outcomes.push(...(await applyChunk(client, form, chunk, conn)));
    } catch (error) {
      if (start === 0) throw error;
      return [...outcomes, ...effects.slice(start).map(() => batchFailed(error))];
    }
  }
  return outcomes;
}

/** One effect: a batch of one, so a retry, a row error and a lost answer behave exactly as in a batch. */
export async function applyCosmicEffect(client: CosmicApiClient, effect: Effect, conn: Connection): Promise<Receipt> {
  const [outcome] = await applyCosmicEffects(client, [effect], conn);
  if (!outcome.ok) throw outcome.error;
  return outcome.receipt;
}

async function applyChunk(client: CosmicApiClient, form: CosmicSaveForm, chunk: Effect[], conn: Connection): Promise<BatchOutcome[]> {
  const planned = chunk.map((effect): Planned => {
    try {
      return { key: cosmicBillKey(effect), bill: cosmicBill(effect, form, conn) };
    } catch (error) {
      return { failed: batchFailed(error) };
    }
  });
  // One bill per key: an effect repeated within the batch shares the first one's bill.
  const bills = new Map<string, Record<string, unknown>>();
  for (const p of planned) if ('key' in p && !bills.has(p.key)) bills.set(p.key, p.bill);
  const settled = bills.size ? await heldOrSaved(client, form, bills, conn) : new Map<string, BatchOutcome>();
  const seen = new Set<string>();
  return planned.map((p): BatchOutcome => {
    if ('failed' in p) return p.failed;
    const outcome = settled.get(p.key) ?? { ok: false, error: new ConnectorError('TEMPORARY', `${form.formId}/save answered no result row for bill ${p.key}`) };
    const repeat = seen.has(p.key);
    seen.add(p.key);
    return repeat && outcome.ok ? { ok: true, receipt: { ...outcome.receipt, outcome: 'duplicate' } } : outcome;
  });
}

/** Per key: the bill an earlier attempt left (one `query` of all keys), else the result of saving it (one `save`). */
async function heldOrSaved(client: CosmicApiClient, form: CosmicSaveForm, bills: Map<string, Record<string, unknown>>, conn: Connection): Promise<Map<string, BatchOutcome>> {
  const keys = [...bills.keys()];
  const settled = new Map<string, BatchOutcome>();
  const earlier = await client.queryAll(conn, form, { [form.keyField]: keys }, Math.max(resolveSettings(conn).pageSize, keys.length));
  for (const row of earlier) {
    const key = String(row[form.keyField] ?? '');
    if (bills.has(key) && !settled.has(key)) settled.set(key, { ok: true, receipt: billReceipt(form, row, 'duplicate') });
  }
  const toSave = keys.filter((k) => !settled.has(k));
  if (!toSave.length) return settled;
  const rows = await client.save(conn, form, toSave.map((k) => bills.get(k) as Record<string, unknown>));
  rows.forEach((row, position) => {
    const key = toSave[typeof row.billIndex === 'number' ? row.billIndex : position];
    if (key !== undefined && !settled.has(key)) settled.set(key, saveRowOutcome(form, row));
  });
  return settled;
}

