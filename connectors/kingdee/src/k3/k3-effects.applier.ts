import { createHash } from 'node:crypto';
import { ConnectorError, type Connection, type Effect, type EffectType, type Receipt } from '@hub/connector-sdk';
import type { K3ApiClient } from './k3-api.client';
import { rowError } from './k3-errors';
import { resolveSettings, type K3KeyedForm, type K3Settings } from './k3-settings';

/** The value written to a keyed form's key field: the same for every retry of one delivery. */
export function hubKey(effect: Pick<Effect, 'idempotencyKey' | 'type'>): string {
  return createHash('sha256').update(`${effect.idempotencyKey}:${effect.type}`).digest('hex').slice(0, 32);
}

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
const DUPLICATE_TEXT = /重复|已存在|duplicate/i;

function candidateId(effect: Effect, conn: Connection): string {
  const id = effect.event.candidate.externalIds?.[conn.id];
  if (!id) throw new ConnectorError('NOT_FOUND', `${effect.type}: the event has no K/3 candidate id for connection ${conn.id}`);
  return id;
}

/**
 * Applies effects by Save (K3.md "Effects"): the candidate's status on the candidate form (by its FID, so a repeat
 * sets the same value), and archive notes, talent-pool entries and follow-up reminders on configurable forms, each
 * keyed by a field holding `hubKey(effect)` so a retried save overwrites its row instead of adding one.
 */
export class K3EffectApplier {
  constructor(private readonly api: K3ApiClient) {}

  async apply(effect: Effect, conn: Connection): Promise<Receipt> {
    const s = resolveSettings(conn);
    switch (effect.type) {
      case 'candidateStatus':
        return this.candidateStatus(effect, conn, s);
      case 'archiveInterview':
        return this.keyedSave(effect, conn, s.archive, {
          [s.archive.interviewField]: effect.event.interview.externalIds?.[conn.id] ?? effect.event.interview.key,
          [s.archive.noteField]: `面试取消: ${effect.event.cancellation.reason.sourceValue ?? effect.event.cancellation.reason.code}`,
        });
      case 'moveToTalentPool':
        return this.keyedSave(effect, conn, s.talentPool, { [s.talentPool.poolField]: effect.params.pool ?? s.talentPool.defaultPool });
      case 'followUpReminder': {
        const to = effect.params.recipients?.find((r) => r.role === 'recruiter') ?? effect.params.recipients?.[0];
        return this.keyedSave(effect, conn, s.followUp, {
          [s.followUp.recruiterField]: to?.externalId ?? to?.name ?? '',
          [s.followUp.messageField]: to?.body ?? s.followUp.defaultMessage,
        });
      }
      default:
        throw new ConnectorError('PERMANENT', `K/3 does not apply ${effect.type}`);
    }
  }

  private async candidateStatus(effect: Effect, conn: Connection, s: K3Settings): Promise<Receipt> {
    const id = candidateId(effect, conn);
    if (!effect.params.status) throw new ConnectorError('INVALID', 'candidateStatus without params.status');
    const c = s.candidate;
    const [found] = await this.api.query(conn, { FormId: c.formId, FieldKeys: `${c.fidField},${c.idField}`, FilterString: `${c.idField} = ${quote(id)}`, Limit: 1 });
    if (!found) throw new ConnectorError('NOT_FOUND', `K/3 ${c.formId} has no candidate ${id}`);
    const out = await this.api.save(conn, c.formId, [{ FID: found[c.fidField], [c.statusField]: effect.params.status }]);
    if (out.errors.length) throw rowError(out.errors[0], `Save ${c.formId} ${id}`, this.api.lostRule(s));
    return { outcome: 'applied', externalRef: `${c.formId}:${String(found[c.fidField])}` };
  }

  private async keyedSave(effect: Effect, conn: Connection, form: K3KeyedForm, fields: Record<string, unknown>): Promise<Receipt> {
    const key = hubKey(effect);
    // K/3's Save updates only by FID: a row already holding the key (an earlier attempt) is overwritten through it.
    const [earlier] = await this.api.query(conn, { FormId: form.formId, FieldKeys: 'FID', FilterString: `${form.keyField} = ${quote(key)}`, Limit: 1 });
    const model: Record<string, unknown> = { ...(earlier ? { FID: earlier.FID } : {}), [form.keyField]: key, [form.candidateField]: candidateId(effect, conn), ...fields };
    const out = await this.api.save(conn, form.formId, [model]);
    const [error] = out.errors;
    // A concurrent attempt saved the key between the query and the save: K/3 refuses the duplicate, the row exists.
    if (error && (error.fieldName === form.keyField || DUPLICATE_TEXT.test(error.message))) return { outcome: 'duplicate', detail: error.message };
    if (error) throw rowError(error, `Save ${form.formId} for candidate ${String(model[form.candidateField])}`, this.api.lostRule(resolveSettings(conn)));
    const ops = [...(form.submit ? ['Submit' as const] : []), ...(form.audit ? ['Audit' as const] : [])];
    if (ops.length) await this.api.submitAndAudit(conn, form.formId, [out.successes[0]?.number || key], ops);
    return { outcome: 'applied', externalRef: `${form.formId}:${out.successes[0]?.id ?? key}` };
  }
}

export const K3_EFFECTS: EffectType[] = ['candidateStatus', 'archiveInterview', 'moveToTalentPool', 'followUpReminder'];
