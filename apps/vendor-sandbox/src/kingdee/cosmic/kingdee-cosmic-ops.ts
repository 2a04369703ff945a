import type { CosmicForm, CosmicSaveError, KingdeeCosmicStateService } from './kingdee-cosmic-state.service';
import { cosmicTime } from './kingdee-cosmic-state.service';

/**
 * The simulated `query` and `save` operations. The envelopes are [K3]'s; the filter grammar of `query` is not
 * documented (UNCONFIRMED), so the simulator takes what the connector's settings produce: `data.<field>` equal to a
 * value or one of an array of values, and `data.<field>_start` / `data.<field>_end` as inclusive bounds.
 */
export function runQuery(state: KingdeeCosmicStateService, form: CosmicForm, body: Record<string, unknown>): Record<string, unknown> {
  const filter = (typeof body.data === 'object' && body.data !== null ? body.data : {}) as Record<string, unknown>;
  const pageSize = Math.min(Math.max(Number(body.pageSize ?? 10) || 10, 1), state.settings.maxPageSize);
  const pageNo = Math.max(Number(body.pageNo ?? 1) || 1, 1);
  const matching = form.rows
    .filter((row) => Object.entries(filter).every(([key, wanted]) => matches(row, key, wanted)))
    .sort((a, b) => String(a[form.modifyField] ?? '').localeCompare(String(b[form.modifyField] ?? '')) || String(a.id).localeCompare(String(b.id)));
  const rows = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((r) => ({ ...r }));
  return { rows, pageNo, pageSize, totalCount: matching.length, lastPage: pageNo * pageSize >= matching.length };
}

function matches(row: Record<string, unknown>, key: string, wanted: unknown): boolean {
  if (wanted === undefined || wanted === null || wanted === '') return true;
  for (const [suffix, test] of [
    ['_start', (a: string, b: string) => a >= b],
    ['_end', (a: string, b: string) => a <= b],
  ] as const) {
    if (key.endsWith(suffix) && !(key in row)) {
      const value = row[key.slice(0, -suffix.length)];
      return value !== undefined && value !== null && test(String(value), String(wanted));
    }
  }
  const value = row[key];
  if (Array.isArray(wanted)) return wanted.map(String).includes(String(value));
  return String(value) === String(wanted);
}

export interface SaveOutcome {
  data: Record<string, unknown>;
  /** Rows written now (a repeat of a key writes nothing). */
  written: number;
  repeats: number;
}

/**
 * `save`: each entry of `data` creates a bill, or updates the row whose `id` it names. A row whose key field value
 * is already on a bill is not written again: its result repeats that bill's id and number (type `Update`).
 */
export function runSave(state: KingdeeCosmicStateService, form: CosmicForm, body: Record<string, unknown>, now = Date.now()): SaveOutcome {
  const entries = Array.isArray(body.data) ? body.data : body.data && typeof body.data === 'object' ? [body.data] : [];
  const result: Record<string, unknown>[] = [];
  let written = 0;
  let repeats = 0;
  entries.forEach((raw, billIndex) => {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const queued = takeError(state.saveErrors, form.formId, entry);
    if (queued) {
      result.push({ billIndex, billStatus: false, errors: [{ message: queued.message, rowMsg: [queued.message] }], id: '', number: '', type: 'Add' });
      return;
    }
    const key = form.keyField ? entry[form.keyField] : undefined;
    const existing =
      (key !== undefined && key !== '' && form.rows.find((r) => r[form.keyField as string] === key)) ||
      (entry.id !== undefined ? form.rows.find((r) => String(r.id) === String(entry.id)) : undefined);
    if (existing && key !== undefined && existing[form.keyField as string] === key) {
      repeats += 1;
      result.push({ billIndex, billStatus: true, errors: [], id: existing.id, number: existing.number ?? '', type: 'Update' });
      return;
    }
    if (existing) {
      Object.assign(existing, entry, { id: existing.id, [form.modifyField]: cosmicTime(now) });
      written += 1;
      result.push({ billIndex, billStatus: true, errors: [], id: existing.id, number: existing.number ?? '', type: 'Update' });
      return;
    }
    const id = state.newId();
    const number = String(entry.number ?? `${form.formId.toUpperCase()}-${String(form.rows.length + 1).padStart(6, '0')}`);
    form.rows.push({ ...entry, id, number, [form.modifyField]: cosmicTime(now) });
    written += 1;
    result.push({ billIndex, billStatus: true, errors: [], id, number, type: 'Add' });
  });
  const failCount = result.filter((r) => !r.billStatus).length;
  return { data: { result, successCount: result.length - failCount, failCount }, written, repeats };
}

/** The refusal of a `save` carrying more than `maxSaveRows` bills, or undefined (UNCONFIRMED: Cosmic documents no limit). */
export function saveTooLarge(state: KingdeeCosmicStateService, body: Record<string, unknown>): string | undefined {
  const rows = Array.isArray(body.data) ? body.data.length : 1;
  return rows > state.settings.maxSaveRows ? `请求参数错误: data 超过 ${state.settings.maxSaveRows} 条 (${rows})` : undefined;
}

function takeError(queue: CosmicSaveError[], formId: string, entry: Record<string, unknown>): CosmicSaveError | undefined {
  const index = queue.findIndex(
    (e) => (e.formId === formId || e.formId === '*') && Object.entries(e.match ?? {}).every(([field, value]) => String(entry[field]) === String(value)),
  );
  return index < 0 ? undefined : queue.splice(index, 1)[0];
}
