import type { SandboxRecord } from '../../apps/vendor-sandbox/src/common/record-store.service';
import { KingdeeK3StateService } from '../../apps/vendor-sandbox/src/kingdee/k3/kingdee-k3-state.service';
import type { Env } from './bench-env';
import { K3_FORMS, kingdeeCandidateOf } from './kingdee-origin';
import { K3_VENDOR } from './sandbox-counts';

/**
 * What the K/3 simulator says the hub did in the Kingdee scenario, read in process (10,000 rows and their records are
 * too large to fetch over its control API): its write calls and the rows they carried, its logins, and the rows the
 * origin effects left per interview.
 */

export interface FormSaves {
  /** Save calls (one model) and BatchSave calls (several), and the models they carried. */
  save: number;
  batchSave: number;
  rows: number;
  maxRows: number;
}

export interface FormRows {
  interviews: number;
  /** Rows of the form that name a candidate of the scenario. */
  rows: number;
  /** Interviews with no row, and with more than one (a repeated write). */
  none: number;
  duplicated: number;
}

export interface KingdeeWrites {
  /** Save/BatchSave by form, as the simulator recorded them (all outcomes). */
  saves: Record<string, FormSaves>;
  /** ExecuteBillQuery calls by form: the polls of the interview form, the key lookups before keyed saves. */
  queries: Record<string, number>;
  /** LoginBySign/LoginByAppSecret calls: the hub's K/3 sessions. */
  logins: number;
  /** Rows per interview in the talent-pool and follow-up forms: exactly one each is right. */
  rowsPerInterview: Record<string, FormRows>;
  /** The scenario's talent-pool rows by pool (FPool): all 潜在候选人 is right. */
  pools: Record<string, number>;
}

/** `parameters[i]` of a K/3 WebAPI body; parameters arrive as JSON values or as JSON text. */
function param(record: SandboxRecord, i: number): unknown {
  const p = (record.body as { parameters?: unknown[] } | undefined)?.parameters?.[i];
  if (typeof p !== 'string') return p;
  try {
    return JSON.parse(p);
  } catch {
    return p;
  }
}

function modelCount(record: SandboxRecord): number {
  const model = (param(record, 1) as { Model?: unknown } | undefined)?.Model;
  return Array.isArray(model) ? model.length : model ? 1 : 0;
}

/** Calls the simulator recorded after `sinceSeq`, and the rows of the talent-pool and follow-up forms of `interviewIds`. */
export function kingdeeWrites(e: Env, sinceSeq: number, interviewIds: string[]): KingdeeWrites {
  const out: KingdeeWrites = { saves: {}, queries: {}, logins: 0, rowsPerInterview: {}, pools: {} };
  for (const r of e.records.list({ vendor: K3_VENDOR, since: sinceSeq })) {
    if (r.kind === 'auth') out.logins++;
    if (r.api === 'ExecuteBillQuery') {
      const form = String((param(r, 0) as { FormId?: unknown } | undefined)?.FormId ?? '?');
      out.queries[form] = (out.queries[form] ?? 0) + 1;
    }
    if (r.api === 'Save' || r.api === 'BatchSave') {
      const form = String(param(r, 0) ?? '?');
      const s = (out.saves[form] ??= { save: 0, batchSave: 0, rows: 0, maxRows: 0 });
      const n = modelCount(r);
      if (r.api === 'Save') s.save++;
      else s.batchSave++;
      s.rows += n;
      s.maxRows = Math.max(s.maxRows, n);
    }
  }
  const candidates = new Set(interviewIds.map(kingdeeCandidateOf));
  const state = e.sandbox.app.get(KingdeeK3StateService);
  for (const formId of [K3_FORMS.talentPool, K3_FORMS.followUp]) {
    const perCandidate = new Map<string, number>();
    for (const row of state.forms.get(formId)?.rows ?? []) {
      const c = String(row.FCandidateNumber ?? '');
      if (!candidates.has(c)) continue;
      perCandidate.set(c, (perCandidate.get(c) ?? 0) + 1);
      if (formId === K3_FORMS.talentPool) out.pools[String(row.FPool ?? '')] = (out.pools[String(row.FPool ?? '')] ?? 0) + 1;
    }
    const counts = [...perCandidate.values()];
    out.rowsPerInterview[formId] = {
      interviews: candidates.size,
      rows: counts.reduce((a, b) => a + b, 0),
      none: candidates.size - perCandidate.size,
      duplicated: counts.filter((n) => n > 1).length,
    };
  }
  return out;
}
