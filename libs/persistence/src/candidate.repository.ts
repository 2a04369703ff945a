import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { CanonicalStatus } from '@hub/schema';
import { insertOnce } from './inserts';

/**
 * The hub's talent-pool view of one candidate (`_id` = the candidate's hub id, see the link store):
 * status projection, and the last cancellation. Tags and pools are separate insert-only memberships,
 * so concurrent cancellations of one candidate can never lose one another's tags.
 */
export interface CandidateRecord {
  _id: string;
  tenantId: string;
  name: string;
  phone?: string;
  email?: string;
  status: CanonicalStatus;
  statusReason?: string;
  lastCancellationId?: string;
  /** Set when this record turned out to be the same person as another (the link store's merge): that one is the candidate now. */
  mergedInto?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A talent-pool tag or pool a candidate is in: `_id` = `hubId|tag|<value>` or `hubId|pool|<value>`. */
export interface CandidateMembership {
  _id: string;
  tenantId: string;
  hubId: string;
  kind: 'tag' | 'pool';
  value: string;
  cancellationId: string;
  at: Date;
}

const candidateSchema = new Schema<CandidateRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    name: { type: String, required: true },
    phone: String,
    email: String,
    status: { type: String, required: true },
    statusReason: String,
    lastCancellationId: String,
    mergedInto: String,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'candidates', versionKey: false },
);
candidateSchema.index({ tenantId: 1, updatedAt: -1 });

const membershipSchema = new Schema<CandidateMembership>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    hubId: { type: String, required: true },
    kind: { type: String, required: true },
    value: { type: String, required: true },
    cancellationId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'candidate_memberships', versionKey: false },
);
membershipSchema.index({ tenantId: 1, kind: 1, value: 1 });
membershipSchema.index({ tenantId: 1, hubId: 1 });

export interface CandidateView extends CandidateRecord {
  tags: string[];
  pools: string[];
}

export interface CancelledFacts {
  tenantId: string;
  hubId: string;
  name: string;
  phone?: string;
  email?: string;
  cancellationId: string;
  reason: string;
  tags: string[];
  pool?: string;
}

export class CandidateRepository {
  readonly model: Model<CandidateRecord>;
  readonly memberships: Model<CandidateMembership>;

  constructor(db: MongoConnection) {
    this.model = db.model<CandidateRecord>('CandidateRecord', candidateSchema);
    this.memberships = db.model<CandidateMembership>('CandidateMembership', membershipSchema);
  }

  /** Sets 面试取消 with its reason (creating the record on first sight) and adds the tags and the pool once each. */
  async markCancelled(f: CancelledFacts): Promise<void> {
    const now = new Date();
    const set: Record<string, unknown> = { status: 'cancelled', statusReason: f.reason, lastCancellationId: f.cancellationId, updatedAt: now, name: f.name };
    if (f.phone) set.phone = f.phone;
    if (f.email) set.email = f.email;
    await this.model.updateOne({ _id: f.hubId }, { $set: set, $setOnInsert: { tenantId: f.tenantId, createdAt: now } }, { upsert: true });
    const memberships: CandidateMembership[] = [
      ...f.tags.map((value) => ({ kind: 'tag' as const, value })),
      ...(f.pool ? [{ kind: 'pool' as const, value: f.pool }] : []),
    ].map(({ kind, value }) => ({ _id: `${f.hubId}|${kind}|${value}`, tenantId: f.tenantId, hubId: f.hubId, kind, value, cancellationId: f.cancellationId, at: now }));
    for (const m of memberships) await insertOnce(this.memberships, m);
  }

  /**
   * Moves a merged-away candidate's record into the survivor: its tags and pools, and its status when it is
   * the more recent (or the survivor has no record yet); the loser is marked `mergedInto`.
   */
  async mergeInto(tenantId: string, loser: string, winner: string): Promise<void> {
    const l = await this.model.findOne({ _id: loser, tenantId }).lean();
    if (l) {
      const w = await this.model.findOne({ _id: winner, tenantId }).lean();
      const { _id: _loserId, mergedInto: _m, createdAt, ...fields } = l;
      if (!w) await this.model.updateOne({ _id: winner }, { $set: fields, $setOnInsert: { createdAt } }, { upsert: true });
      else if (l.updatedAt > w.updatedAt) await this.model.updateOne({ _id: winner }, { $set: fields });
      await this.model.updateOne({ _id: loser }, { $set: { mergedInto: winner } });
    }
    for (const m of await this.memberships.find({ tenantId, hubId: loser }).lean()) await insertOnce(this.memberships, { ...m, _id: `${winner}|${m.kind}|${m.value}`, hubId: winner });
  }

  async findById(tenantId: string, id: string): Promise<CandidateView | null> {
    const c = await this.model.findOne({ _id: id, tenantId }).lean();
    if (!c) return null;
    return this.withMemberships(c, await this.memberships.find({ tenantId, hubId: id }).lean());
  }

  /** Candidates of a tenant, most recently changed first, optionally those carrying a tag, sitting in a pool or in a status. */
  async list(filter: { tenantId: string; tag?: string; pool?: string; status?: CanonicalStatus }, limit: number): Promise<CandidateView[]> {
    const q: Record<string, unknown> = { tenantId: filter.tenantId, mergedInto: { $exists: false } };
    if (filter.status) q.status = filter.status;
    const wanted = [filter.tag ? { kind: 'tag', value: filter.tag } : undefined, filter.pool ? { kind: 'pool', value: filter.pool } : undefined];
    for (const m of wanted) {
      if (!m) continue;
      const ids = (await this.memberships.find({ tenantId: filter.tenantId, ...m }, { hubId: 1 }).lean()).map((x) => x.hubId);
      q._id = q._id ? { $in: ids.filter((id) => ((q._id as { $in: string[] }).$in).includes(id)) } : { $in: ids };
    }
    const page = await this.model.find(q).sort({ updatedAt: -1, _id: 1 }).limit(limit).lean();
    const ms = page.length ? await this.memberships.find({ tenantId: filter.tenantId, hubId: { $in: page.map((c) => c._id) } }).lean() : [];
    return page.map((c) => this.withMemberships(c, ms.filter((m) => m.hubId === c._id)));
  }

  private withMemberships(c: CandidateRecord, ms: CandidateMembership[]): CandidateView {
    const sorted = [...ms].sort((a, b) => a.at.getTime() - b.at.getTime() || a._id.localeCompare(b._id));
    return { ...c, tags: sorted.filter((m) => m.kind === 'tag').map((m) => m.value), pools: sorted.filter((m) => m.kind === 'pool').map((m) => m.value) };
  }
}
