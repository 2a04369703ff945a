import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { newUlid } from '@hub/schema';
import { insertDoc, insertOnce } from './inserts';

/** What ingest made of an accepted inbox record (insert-only, first write wins). */
export interface InboxOutcome {
  /** The inbox record's id. */
  _id: string;
  tenantId: string;
  status: 'processed' | 'failed';
  result?: string;
  error?: string;
  at: Date;
}

/** One more delivery of an event the inbox already holds (a vendor redelivery): counted, not stored again. */
export interface InboxRepeat {
  _id: string;
  tenantId: string;
  dedupKey: string;
  at: Date;
}

const outcomeSchema = new Schema<InboxOutcome>(
  { _id: String, tenantId: { type: String, required: true }, status: { type: String, required: true }, result: String, error: String, at: { type: Date, required: true } },
  { collection: 'inbox_outcomes', versionKey: false },
);
outcomeSchema.index({ tenantId: 1, at: -1 });
const repeatSchema = new Schema<InboxRepeat>(
  { _id: String, tenantId: { type: String, required: true }, dedupKey: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'inbox_repeats', versionKey: false },
);
repeatSchema.index({ dedupKey: 1 });

export class InboxOutcomeRepository {
  readonly model: Model<InboxOutcome>;
  readonly repeats: Model<InboxRepeat>;

  constructor(db: MongoConnection) {
    this.model = db.model<InboxOutcome>('InboxOutcome', outcomeSchema);
    this.repeats = db.model<InboxRepeat>('InboxRepeat', repeatSchema);
  }

  async record(o: Omit<InboxOutcome, 'at'>): Promise<void> {
    await insertOnce(this.model, { ...o, at: new Date() });
  }

  find(id: string): Promise<InboxOutcome | null> {
    return this.model.findById(id).lean();
  }

  /** Outcomes of these inbox records, by id (one query, for a page of the inbox API). */
  async forIds(tenantId: string, ids: string[]): Promise<Map<string, InboxOutcome>> {
    if (!ids.length) return new Map();
    const found = await this.model.find({ tenantId, _id: { $in: ids } }).lean();
    return new Map(found.map((o) => [o._id, o]));
  }

  /** Ids of the outcomes recorded for records from `fromId` on (ids are time-ordered: one range read). */
  async idsFrom(fromId: string): Promise<Set<string>> {
    return new Set((await this.model.find({ _id: { $gte: fromId } }, { _id: 1 }).lean()).map((o) => o._id));
  }

  async countRepeat(tenantId: string, dedupKey: string): Promise<void> {
    await insertDoc(this.repeats, { _id: newUlid(), tenantId, dedupKey, at: new Date() });
  }

  /** How many times each of these events arrived (1 + redeliveries). */
  async deliveriesOf(tenantId: string, dedupKeys: string[]): Promise<Map<string, number>> {
    const counts = new Map(dedupKeys.map((k) => [k, 1]));
    if (!dedupKeys.length) return counts;
    for (const r of await this.repeats.find({ tenantId, dedupKey: { $in: dedupKeys } }, { dedupKey: 1 }).lean()) counts.set(r.dedupKey, (counts.get(r.dedupKey) ?? 1) + 1);
    return counts;
  }

  /** Retention: outcomes and repeat counts older than `before`. */
  async deleteBefore(before: Date): Promise<number> {
    const a = await this.model.deleteMany({ at: { $lt: before } });
    const b = await this.repeats.deleteMany({ at: { $lt: before } });
    return a.deletedCount + b.deletedCount;
  }
}
