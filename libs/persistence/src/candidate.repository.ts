import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { ulid } from 'ulid';
import type { CanonicalStatus } from '@hub/schema';

/**
 * The identity map and status projection: one person across systems, matched by any known
 * external id (`connectionId:id`), then phone, then email, within one tenant.
 */
export interface CandidateRecord {
  _id: string;
  tenantId: string;
  refs: string[];
  name: string;
  phone?: string;
  email?: string;
  status: CanonicalStatus;
  statusReason?: string;
  lastCancellationId?: string;
  tags: string[];
  pools: string[];
  updatedAt: Date;
}

const candidateSchema = new Schema<CandidateRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    refs: { type: [String], default: [] },
    name: { type: String, required: true },
    phone: String,
    email: String,
    status: { type: String, required: true },
    statusReason: String,
    lastCancellationId: String,
    tags: { type: [String], default: [] },
    pools: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'candidates', versionKey: false },
);
candidateSchema.index({ tenantId: 1, refs: 1 });
candidateSchema.index({ tenantId: 1, phone: 1 });
candidateSchema.index({ tenantId: 1, updatedAt: -1 });

export interface CandidateFacts {
  tenantId: string;
  refs: string[];
  name: string;
  phone?: string;
  email?: string;
}

export class CandidateRepository {
  readonly model: Model<CandidateRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<CandidateRecord>('CandidateRecord', candidateSchema);
  }

  /** Finds the person by any ref, phone or email, or creates them; returns the hub id. */
  async resolve(facts: CandidateFacts): Promise<CandidateRecord> {
    const or: Record<string, unknown>[] = [{ refs: { $in: facts.refs } }];
    if (facts.phone) or.push({ phone: facts.phone });
    if (facts.email) or.push({ email: facts.email });
    const found = await this.model.findOne({ tenantId: facts.tenantId, $or: or }).sort({ _id: 1 }).lean();
    if (found) {
      const set: Record<string, unknown> = { updatedAt: new Date() };
      if (!found.phone && facts.phone) set.phone = facts.phone;
      if (!found.email && facts.email) set.email = facts.email;
      await this.model.updateOne({ _id: found._id }, { $addToSet: { refs: { $each: facts.refs } }, $set: set });
      return { ...found, refs: [...new Set([...found.refs, ...facts.refs])] };
    }
    const rec: CandidateRecord = { _id: ulid(), ...facts, status: 'scheduled', tags: [], pools: [], updatedAt: new Date() };
    await this.model.create(rec);
    return rec;
  }

  async markCancelled(id: string, cancellationId: string, reason: string, tags: string[], pool?: string): Promise<void> {
    const addToSet: Record<string, unknown> = { tags: { $each: tags } };
    if (pool) addToSet.pools = pool;
    await this.model.updateOne(
      { _id: id },
      { $set: { status: 'cancelled', statusReason: reason, lastCancellationId: cancellationId, updatedAt: new Date() }, $addToSet: addToSet },
    );
  }

  findByRef(tenantId: string, ref: string): Promise<CandidateRecord | null> {
    return this.model.findOne({ tenantId, refs: ref }).lean();
  }

  /** Candidates of a tenant, newest first, optionally those carrying a tag or sitting in a pool. */
  list(filter: { tenantId: string; tag?: string; pool?: string; status?: CanonicalStatus }, limit: number): Promise<CandidateRecord[]> {
    const q: Record<string, unknown> = { tenantId: filter.tenantId };
    if (filter.tag) q.tags = filter.tag;
    if (filter.pool) q.pools = filter.pool;
    if (filter.status) q.status = filter.status;
    return this.model.find(q).sort({ updatedAt: -1 }).limit(limit).lean();
  }

  findById(tenantId: string, id: string): Promise<CandidateRecord | null> {
    return this.model.findOne({ _id: id, tenantId }).lean();
  }
}
