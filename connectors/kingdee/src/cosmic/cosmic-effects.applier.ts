import { createHash } from 'node:crypto';
import { ConnectorError, type Connection, type Effect, type Receipt } from '@hub/connector-sdk';
import type { CosmicApiClient } from './cosmic-api.client';
import { rowErrorText } from './cosmic-errors';
import { resolveSettings, type CosmicSettings } from './cosmic-settings';

export type CosmicEffectType = keyof CosmicSettings['effects'];
export const COSMIC_EFFECTS: CosmicEffectType[] = ['candidateStatus', 'archiveInterview', 'moveToTalentPool', 'followUpReminder'];

/** The key a bill carries: sha256(idempotencyKey + type), 32 hex chars; the same delivery always gives the same key. */
export function cosmicBillKey(effect: Pick<Effect, 'idempotencyKey' | 'type'>): string {
  return createHash('sha256').update(`${effect.idempotencyKey}${effect.type}`).digest('hex').slice(0, 32);
}

function valueOf(effect: Effect): string {
  const p = effect.params;
  if (effect.type === 'candidateStatus') {
    if (!p.status) throw new ConnectorError('INVALID', 'candidateStatus needs params.status');
    return p.status;
  }
  if (effect.type === 'moveToTalentPool') {
    if (!p.pool) throw new ConnectorError('INVALID', 'moveToTalentPool needs params.pool');
    return p.pool;
  }
  if (effect.type === 'followUpReminder') {
    const r = p.recipients?.[0];
    return r ? `${r.title}\n${r.body}` : `面试取消跟进: ${effect.event.candidate.name ?? ''}`.trim();
  }
  const c = effect.event.cancellation;
  return `面试已取消 ${c.reason.code}${c.reason.detail ? `/${c.reason.detail}` : ''}`;
}

/**
 * Applies an effect as one bill saved into the effect's configured form (COSMIC.md "Effects"), keyed by
 * `cosmicBillKey`: a repeat finds the bill and writes nothing (result type `Update` → `duplicate`). A row error
 * (`billStatus:false`) is INVALID: the data was refused and the same call would be refused again.
 */
export async function applyCosmicEffect(client: CosmicApiClient, effect: Effect, conn: Connection): Promise<Receipt> {
  const settings = resolveSettings(conn);
  const form = settings.effects[effect.type as CosmicEffectType];
  if (!form) throw new ConnectorError('PERMANENT', `kingdee-cosmic does not apply ${effect.type}`);
  const candidateId = effect.event.candidate.externalIds[conn.id];
  if (!candidateId) throw new ConnectorError('INVALID', `${effect.type}: the event has no candidate id of connection ${conn.id}`);
  const interviewId = effect.event.interview.externalIds[conn.id] ?? effect.event.interview.key;
  const bill = {
    ...form.extra,
    [form.keyField]: cosmicBillKey(effect),
    [form.candidateField]: candidateId,
    [form.interviewField]: interviewId,
    [form.valueField]: valueOf(effect),
  };
  const row = await client.saveOne(conn, form, bill);
  if (row.billStatus === false) {
    throw new ConnectorError('INVALID', `${form.formId}/save refused the bill: ${rowErrorText(row.errors)}`, { vendorCode: 'billStatus:false' });
  }
  return { outcome: row.type === 'Update' ? 'duplicate' : 'applied', ...(row.id ? { externalRef: String(row.id) } : {}), ...(row.number ? { detail: `${form.formId} ${row.number}` } : {}) };
}
