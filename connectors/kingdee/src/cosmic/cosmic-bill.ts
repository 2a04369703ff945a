import { createHash } from 'node:crypto';
import { ConnectorError, type BatchOutcome, type Connection, type Effect, type Receipt } from '@hub/connector-sdk';
import type { CosmicSaveRow } from './cosmic-api.client';
import { rowErrorText } from './cosmic-errors';
import type { CosmicSaveForm, CosmicSettings } from './cosmic-settings';

type CosmicEffectType = keyof CosmicSettings['effects'];

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

/** The effect's configured form; PERMANENT for an effect Cosmic does not apply. */
export function cosmicFormOf(type: Effect['type'], settings: CosmicSettings): CosmicSaveForm {
  const form = settings.effects[type as CosmicEffectType];
  if (!form) throw new ConnectorError('PERMANENT', `kingdee-cosmic does not apply ${type}`);
  return form;
}

/** Pure: the bill an effect saves into its form (COSMIC.md "Effects"), carrying `cosmicBillKey` in the key field. */
export function cosmicBill(effect: Effect, form: CosmicSaveForm, conn: Connection): Record<string, unknown> {
  const candidateId = effect.event.candidate.externalIds[conn.id];
  if (!candidateId) throw new ConnectorError('INVALID', `${effect.type}: the event has no candidate id of connection ${conn.id}`);
  return {
    ...form.extra,
    [form.keyField]: cosmicBillKey(effect),
    [form.candidateField]: candidateId,
    [form.interviewField]: effect.event.interview.externalIds[conn.id] ?? effect.event.interview.key,
    [form.valueField]: valueOf(effect),
  };
}

/** The receipt of a bill Cosmic holds (`id`, `number` of a save result row or of a queried row). */
export function billReceipt(form: CosmicSaveForm, bill: { id?: unknown; number?: unknown }, outcome: 'applied' | 'duplicate'): Receipt {
  const id = bill.id === undefined || bill.id === null || bill.id === '' ? undefined : String(bill.id);
  const number = bill.number === undefined || bill.number === null || bill.number === '' ? undefined : String(bill.number);
  return { outcome, ...(id ? { externalRef: id } : {}), ...(number ? { detail: `${form.formId} ${number}` } : {}) };
}

/**
 * Pure: one save result row → its effect's outcome. `billStatus:false` is INVALID (the data was refused and would be
 * refused again); type `Update` means the form already held the key (a concurrent attempt) → `duplicate`.
 */
export function saveRowOutcome(form: CosmicSaveForm, row: CosmicSaveRow): BatchOutcome {
  if (row.billStatus === false) {
    return { ok: false, error: new ConnectorError('INVALID', `${form.formId}/save refused the bill: ${rowErrorText(row.errors)}`, { vendorCode: 'billStatus:false' }) };
  }
  return { ok: true, receipt: billReceipt(form, row, row.type === 'Update' ? 'duplicate' : 'applied') };
}
