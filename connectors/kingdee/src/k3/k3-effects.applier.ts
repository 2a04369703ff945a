import { createHash } from 'node:crypto';
import { batchDone, batchFailed, ConnectorError, settleBatch, type BatchOutcome, type Connection, type Effect, type EffectType, type Receipt } from '@hub/connector-sdk';
import type { K3ApiClient } from './k3-api.client';
import { rowError, type K3SaveOutcome } from './k3-errors';
import { equalsAny } from './k3-filter';
import { resolveSettings, type K3KeyedForm, type K3Settings } from './k3-settings';

/** The value written to a keyed form's key field: the same for every retry of one delivery. */
export function hubKey(effect: Pick<Effect, 'idempotencyKey' | 'type'>): string {
  return createHash('sha256').update(`${effect.idempotencyKey}:${effect.type}`).digest('hex').slice(0, 32);
}

const DUPLICATE_TEXT = /重复|已存在|duplicate/i;

function candidateId(effect: Effect, conn: Connection): string {
  const id = effect.event.candidate.externalIds?.[conn.id];
  if (!id) throw new ConnectorError('NOT_FOUND', `${effect.type}: the event has no K/3 candidate id for connection ${conn.id}`);
  return id;
}

/** Every effect's outcome; a row K/3 answered neither as saved nor as refused may have been saved (ambiguous). */
const settledAll = (outcomes: (BatchOutcome | undefined)[]): BatchOutcome[] => settleBatch(outcomes, () => new ConnectorError('TEMPORARY', 'K/3 reported nothing for this row', { ambiguous: true }));

/** One model of a save and the effect (by its index in the batch) it is for. */
interface Row {
  index: number;
  candidate: string;
  model: Record<string, unknown>;
}

/**
 * Applies effects by Save / BatchSave (K3.md "Effects"): the candidate's status on the candidate form (by its FID, so
 * a repeat sets the same value), and archive notes, talent-pool entries and follow-up reminders on configurable
 * forms, each keyed by a field holding `hubKey(effect)` so a retried save overwrites its row instead of adding one.
 * Effects of one type go together: one query and one BatchSave per `batchMaxRows`; a row K/3 refuses fails its own
 * effect only. A single effect is a batch of one (a Save).
 */
export class K3EffectApplier {
  constructor(private readonly api: K3ApiClient) {}

  async apply(effect: Effect, conn: Connection): Promise<Receipt> {
    const [outcome] = await this.applyBatch([effect], conn);
    if (!outcome.ok) throw outcome.error;
    return outcome.receipt;
  }

  async applyBatch(effects: Effect[], conn: Connection): Promise<BatchOutcome[]> {
    const s = resolveSettings(conn);
    const outcomes: BatchOutcome[] = [];
    for (let start = 0; start < effects.length; start += s.batchMaxRows) {
      outcomes.push(...(await this.chunk(effects.slice(start, start + s.batchMaxRows), conn, s)));
    }
    return outcomes;
  }

  private chunk(effects: Effect[], conn: Connection, s: K3Settings): Promise<BatchOutcome[]> {
    const type = effects[0]?.type;
    if (effects.some((e) => e.type !== type)) throw new ConnectorError('PERMANENT', 'a K/3 batch holds effects of one type');
    switch (type) {
      case 'candidateStatus':
        return this.statuses(effects, conn, s);
      case 'archiveInterview':
        return this.keyedSaves(effects, conn, s, s.archive, (e) => ({
          [s.archive.interviewField]: e.event.interview.externalIds?.[conn.id] ?? e.event.interview.key,
          [s.archive.noteField]: `面试取消: ${e.event.cancellation.reason.sourceValue ?? e.event.cancellation.reason.code}`,
        }));
      case 'moveToTalentPool':
        return this.keyedSaves(effects, conn, s, s.talentPool, (e) => ({ [s.talentPool.poolField]: e.params.pool ?? s.talentPool.defaultPool }));
      case 'followUpReminder':
        return this.keyedSaves(effects, conn, s, s.followUp, (e) => {
          const to = e.params.recipients?.find((r) => r.role === 'recruiter') ?? e.params.recipients?.[0];
          return { [s.followUp.recruiterField]: to?.externalId ?? to?.name ?? '', [s.followUp.messageField]: to?.body ?? s.followUp.defaultMessage };
        });
      default:
        return Promise.resolve(effects.map(() => batchFailed(new ConnectorError('PERMANENT', `K/3 does not apply ${String(type)}`))));
    }
  }

  /** Status by FID: one query finds every candidate's FID, one (Batch)Save sets them. */
  private async statuses(effects: Effect[], conn: Connection, s: K3Settings): Promise<BatchOutcome[]> {
    const c = s.candidate;
    const outcomes: (BatchOutcome | undefined)[] = new Array(effects.length);
    const ids = effects.map((e, i) => {
      try {
        if (!e.params.status) throw new ConnectorError('INVALID', 'candidateStatus without params.status');
        return candidateId(e, conn);
      } catch (error) {
        outcomes[i] = batchFailed(error);
        return '';
      }
    });
    const wanted = [...new Set(ids.filter(Boolean))];
    const found = wanted.length ? await this.api.queryAll(conn, { FormId: c.formId, FieldKeys: `${c.fidField},${c.idField}`, FilterString: equalsAny(c.idField, wanted) }) : [];
    const fidOf = new Map(found.map((r) => [String(r[c.idField]), r[c.fidField]]));
    const rows: Row[] = [];
    effects.forEach((e, index) => {
      if (outcomes[index]) return;
      const fid = fidOf.get(ids[index]);
      if (fid === undefined || fid === null) outcomes[index] = batchFailed(new ConnectorError('NOT_FOUND', `K/3 ${c.formId} has no candidate ${ids[index]}`));
      else rows.push({ index, candidate: ids[index], model: { FID: fid, [c.statusField]: e.params.status } });
    });
    if (rows.length) {
      const saved = await this.api.save(conn, c.formId, rows.map((r) => r.model));
      this.settle(rows, saved, outcomes, s, c.formId, () => undefined, (row) => batchDone({ outcome: 'applied', externalRef: `${c.formId}:${String(row.model.FID)}` }));
    }
    return settledAll(outcomes);
  }

  /** Keyed rows: one query finds rows an earlier attempt saved (their FID), one (Batch)Save writes all, then Submit/Audit. */
  private async keyedSaves(effects: Effect[], conn: Connection, s: K3Settings, form: K3KeyedForm, fieldsOf: (e: Effect) => Record<string, unknown>): Promise<BatchOutcome[]> {
    const outcomes: (BatchOutcome | undefined)[] = new Array(effects.length);
    const prepared: Row[] = [];
    effects.forEach((e, index) => {
      try {
        const candidate = candidateId(e, conn);
        prepared.push({ index, candidate, model: { [form.keyField]: hubKey(e), [form.candidateField]: candidate, ...fieldsOf(e) } });
      } catch (error) {
        outcomes[index] = batchFailed(error);
      }
    });
    if (!prepared.length) return settledAll(outcomes);
    // K/3's Save updates only by FID: a row already holding the key (an earlier attempt) is overwritten through it.
    const keys = prepared.map((r) => String(r.model[form.keyField]));
    const earlier = await this.api.queryAll(conn, { FormId: form.formId, FieldKeys: `FID,${form.keyField}`, FilterString: equalsAny(form.keyField, keys) });
    const fidByKey = new Map(earlier.map((r) => [String(r[form.keyField]), r.FID]));
    const rows = prepared.map((r) => {
      const fid = fidByKey.get(String(r.model[form.keyField]));
      return fid === undefined ? r : { ...r, model: { FID: fid, ...r.model } };
    });
    const saved = await this.api.save(conn, form.formId, rows.map((r) => r.model));
    const numbers = new Map<number, string>();
    this.settle(
      rows,
      saved,
      outcomes,
      s,
      form.formId,
      // A concurrent attempt saved the key between the query and the save: K/3 refuses the duplicate, the row exists.
      (error) => (error.fieldName === form.keyField || DUPLICATE_TEXT.test(error.message) ? batchDone({ outcome: 'duplicate', detail: error.message }) : undefined),
      (row, success) => {
        numbers.set(row.index, success.number || String(row.model[form.keyField]));
        return batchDone({ outcome: 'applied', externalRef: `${form.formId}:${success.id || String(row.model[form.keyField])}` });
      },
    );
    for (const op of [...(form.submit ? ['Submit' as const] : []), ...(form.audit ? ['Audit' as const] : [])]) {
      const pending = [...numbers.entries()].filter(([index]) => outcomes[index]?.ok);
      if (!pending.length) break;
      const out = await this.api.changeStatus(conn, form.formId, pending.map(([, n]) => n), op);
      for (const e of out.errors) {
        const index = pending[e.dIndex]?.[0];
        if (index !== undefined) outcomes[index] = batchFailed(new ConnectorError('INVALID', `${op} ${form.formId} ${pending[e.dIndex][1]}: ${e.message}`));
      }
    }
    return settledAll(outcomes);
  }

  /** Gives each saved row's effect its outcome: its row error (DIndex) or its success entity. */
  private settle(
    rows: Row[],
    saved: K3SaveOutcome,
    outcomes: (BatchOutcome | undefined)[],
    s: K3Settings,
    formId: string,
    onError: (error: K3SaveOutcome['errors'][number]) => BatchOutcome | undefined,
    onSuccess: (row: Row, success: K3SaveOutcome['successes'][number]) => BatchOutcome,
  ): void {
    for (const error of saved.errors) {
      const row = rows[error.dIndex];
      if (!row) continue;
      outcomes[row.index] = onError(error) ?? batchFailed(rowError(error, `${rows.length > 1 ? 'BatchSave' : 'Save'} ${formId} for candidate ${row.candidate}`, this.api.lostRule(s)));
    }
    for (const success of saved.successes) {
      const row = rows[success.dIndex];
      if (row && !outcomes[row.index]) outcomes[row.index] = onSuccess(row, success);
    }
  }
}

export const K3_EFFECTS: EffectType[] = ['candidateStatus', 'archiveInterview', 'moveToTalentPool', 'followUpReminder'];
