import { BeisenStateService } from '../../apps/vendor-sandbox/src/beisen/beisen-state.service';
import type { Env } from './bench-env';
import { BEISEN_CONNECTION } from './bench-params';
import { BEISEN_SIM_TENANT, type BeisenSpec } from './beisen-target';
import type { Trace } from './pipeline-stats';
import { BEISEN_VENDOR } from './sandbox-counts';

/**
 * What the Beisen simulator and the hub's own records say of the Beisen burst, read in process (the simulator's state
 * and records, and the deliveries to `beisen-main` through the bench's MongoDB connection): the calls by API and
 * outcome (429s included), TransferPhase batching, writes per Beisen object (exactly one each is right), and how every
 * delivery to beisen-main ended, RATE_LIMITED in its history or not.
 */

/** Writes of one kind per Beisen object of the burst (apply, interview, applicant). */
export interface ObjectWrites {
  objects: number;
  writes: number;
  /** Objects with no write, and with more than one (a duplicate). */
  none: number;
  duplicated: number;
}

export interface BeisenDeliveries {
  total: number;
  /** `<effect>` → final status → deliveries. */
  byEffect: Record<string, Record<string, number>>;
  /** Deliveries whose history shows RATE_LIMITED (the connector gave up waiting out 429s and told the hub). */
  rateLimited: number;
  /** Of those, the ones that did not end delivered (dead, uncertain, or still waiting): failed by 429. */
  failedBy429: number;
  /** Up to 10 deliveries that did not end delivered, with their last error and whether RATE_LIMITED is in their history. */
  notDelivered: Array<{ id: string; effect: string; status: string; attempts: number; rateLimited: boolean; lastError?: string }>;
  /** First post → the last delivery to beisen-main final (receipt, dead or uncertain); NaN when one is not final. */
  allReceiptsMs: number;
}

export interface BeisenWrites {
  /** The simulator's limits during the phase (per tenant × API path). */
  limits: Record<string, { perSecond: number; perMinute: number }>;
  /** The hub's calls to the simulator in the phase: API → outcome (ok, error, throttled, blocked, fault) → calls. */
  calls: Record<string, Record<string, number>>;
  /** Answers 429 the simulator gave in the phase (outcome `throttled`), by API. */
  throttled: Record<string, number>;
  /** TransferPhase calls the simulator accepted, the applyIds they carried, the most in one call. */
  transferPhase: { calls: number; applies: number; maxApplies: number };
  /**
   * Per object of the burst: TransferPhase applied per apply and CancelInterview applied per interview (the
   * simulator's state), TalentPool/AddApplicants and TalentPool/AddTags accepted per applicant (its records).
   */
  perObject: Record<'transferPhase' | 'cancelInterview' | 'addApplicants' | 'addTags', ObjectWrites>;
  /** Applicants of the burst in the pool 潜在候选人 and with tags, at the end (sets). */
  inPool: number;
  tagged: number;
  /** Asynchronous TalentPool writes of the phase whose request ended Failed. */
  asyncFailed: number;
  deliveries: BeisenDeliveries;
}

/** Duplicated writes over every kind: must be 0. */
export const duplicates = (w: BeisenWrites): number => Object.values(w.perObject).reduce((n, x) => n + x.duplicated, 0);
/** Objects left without their write: 0 when every effect reached Beisen. */
export const missing = (w: BeisenWrites): number => Object.values(w.perObject).reduce((n, x) => n + x.none, 0);

function perObject(ids: string[], written: string[]): ObjectWrites {
  const counts = new Map(ids.map((id) => [id, 0]));
  for (const id of written) if (counts.has(id)) counts.set(id, (counts.get(id) as number) + 1);
  const values = [...counts.values()];
  return { objects: ids.length, writes: values.reduce((a, b) => a + b, 0), none: values.filter((n) => n === 0).length, duplicated: values.filter((n) => n > 1).length };
}

interface DeliveryRow {
  _id: string;
  effect: string;
  status: string;
  attempts: number;
  createdAt: Date;
  receipt?: { at?: Date };
  uncertain?: { since?: Date };
  lastError?: { kind?: string; message?: string };
  history?: Array<{ at: Date; outcome: string; errorKind?: string }>;
}

function finalAt(d: DeliveryRow): number | undefined {
  if (d.status === 'delivered') return d.receipt?.at ? new Date(d.receipt.at).getTime() : undefined;
  if (d.status === 'uncertain') return d.uncertain?.since ? new Date(d.uncertain.since).getTime() : undefined;
  if (d.status === 'dead') return d.history?.length ? new Date(d.history[d.history.length - 1].at).getTime() : undefined;
  if (d.status === 'skipped') return new Date(d.createdAt).getTime();
  return undefined;
}

/** How the deliveries to beisen-main of the traces' cancellations ended. */
async function beisenDeliveries(e: Env, traces: Trace[]): Promise<BeisenDeliveries> {
  const ids = traces.map((t) => t.cancellationId).filter((id): id is string => !!id);
  const rows = (await e.view.collection('deliveries').find({ cancellationId: { $in: ids }, 'target.id': BEISEN_CONNECTION }, { projection: { params: 0 } }).toArray()) as unknown as DeliveryRow[];
  const out: BeisenDeliveries = { total: rows.length, byEffect: {}, rateLimited: 0, failedBy429: 0, notDelivered: [], allReceiptsMs: NaN };
  const finals: Array<number | undefined> = [];
  for (const d of rows) {
    const byStatus = (out.byEffect[d.effect] ??= {});
    byStatus[d.status] = (byStatus[d.status] ?? 0) + 1;
    const limited = d.lastError?.kind === 'RATE_LIMITED' || (d.history ?? []).some((h) => h.errorKind === 'RATE_LIMITED');
    if (limited) out.rateLimited++;
    if (d.status !== 'delivered') {
      if (limited && d.status !== 'skipped') out.failedBy429++;
      if (out.notDelivered.length < 10) out.notDelivered.push({ id: d._id, effect: d.effect, status: d.status, attempts: d.attempts, rateLimited: limited, ...(d.lastError ? { lastError: `${d.lastError.kind}: ${d.lastError.message}` } : {}) });
    }
    finals.push(finalAt(d));
  }
  const firstSent = Math.min(...traces.map((t) => t.sentAt));
  if (rows.length && finals.every((f) => f !== undefined)) out.allReceiptsMs = Math.max(...(finals as number[])) - firstSent;
  return out;
}

/** The Beisen figures of the burst: `sinceSeq` is the simulator's last record before it, `specs` its objects. */
export async function beisenWrites(e: Env, sinceSeq: number, specs: BeisenSpec[], traces: Trace[]): Promise<BeisenWrites> {
  const state = e.sandbox.app.get(BeisenStateService);
  const tenant = state.tenant(BEISEN_SIM_TENANT);
  if (!tenant) throw new Error(`the Beisen simulator has no tenant ${BEISEN_SIM_TENANT}`);
  const out: Omit<BeisenWrites, 'perObject' | 'deliveries'> = { limits: structuredClone(state.settings.limits), calls: {}, throttled: {}, transferPhase: { calls: 0, applies: 0, maxApplies: 0 }, inPool: 0, tagged: 0, asyncFailed: 0 };
  const poolWrites: string[] = [];
  const tagWrites: string[] = [];
  const requestIds = new Set<string>();
  for (const r of e.records.list({ vendor: BEISEN_VENDOR, since: sinceSeq })) {
    if (r.detail?.tenantId !== BEISEN_SIM_TENANT) continue;
    const api = r.api ?? `${r.method} ${r.path}`;
    const byOutcome = (out.calls[api] ??= {});
    byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
    if (r.outcome === 'throttled') out.throttled[api] = (out.throttled[api] ?? 0) + 1;
    if (r.outcome !== 'ok') continue;
    const body = (r.body ?? {}) as { applyIds?: unknown[]; applicantIds?: unknown[] };
    const data = (r.response as { data?: { requestId?: unknown } } | undefined)?.data;
    if (api === 'Apply/TransferPhase') {
      const n = body.applyIds?.length ?? 0;
      out.transferPhase.calls++;
      out.transferPhase.applies += n;
      out.transferPhase.maxApplies = Math.max(out.transferPhase.maxApplies, n);
    }
    if (api === 'TalentPool/AddApplicants' || api === 'TalentPool/AddTags') {
      (api === 'TalentPool/AddTags' ? tagWrites : poolWrites).push(...(body.applicantIds ?? []).map(String));
      if (data?.requestId) requestIds.add(String(data.requestId));
    }
  }
  out.asyncFailed = tenant.asyncRequests.filter((a) => requestIds.has(a.requestId) && a.status === 'Failed').length;
  const applicants = specs.map((s) => s.applicantId);
  const pool = Object.values(tenant.talentPools).find((p) => p.name === '潜在候选人');
  out.inPool = applicants.filter((id) => pool?.applicantIds.includes(id)).length;
  out.tagged = applicants.filter((id) => (tenant.tags[id] ?? []).length > 0).length;
  return {
    ...out,
    perObject: {
      transferPhase: perObject(specs.map((s) => s.applyId), tenant.transfers.map((t) => t.applyId)),
      cancelInterview: perObject(specs.map((s) => s.interviewId), tenant.cancels.map((c) => c.interviewId)),
      addApplicants: perObject(applicants, poolWrites),
      addTags: perObject(applicants, tagWrites),
    },
    deliveries: await beisenDeliveries(e, traces),
  };
}

/** Why the run must fail: a delivery to beisen-main failed by 429, or a Beisen object was written twice. */
export function beisenFailures(w: BeisenWrites): string[] {
  const out: string[] = [];
  const d = w.deliveries;
  if (d.failedBy429) out.push(`${d.failedBy429} deliveries to ${BEISEN_CONNECTION} failed by 429 (RATE_LIMITED in their history, not delivered): ${d.notDelivered.filter((x) => x.rateLimited).map((x) => `${x.id} ${x.status} (${x.lastError ?? 'no error'})`).join('; ')}`);
  const dup = Object.entries(w.perObject).filter(([, x]) => x.duplicated > 0);
  if (dup.length) out.push(`duplicate Beisen writes: ${dup.map(([kind, x]) => `${kind} ×${x.duplicated} objects written more than once`).join(', ')}`);
  return out;
}
