import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { SourceMode } from '@hub/schema';
import { insertDoc } from './inserts';

/**
 * Accepted inbox records, the ingest work list that survives a lost queue: written before the inbox record
 * itself (same `_id`). An entry is settled once its outcome is recorded (`inbox_outcomes`, same `_id`); the
 * sweeper trims the settled ones in bulk (`ingest-backlog.ts`), so ingest itself never deletes here (a delete
 * scans the collection on the local FerretDB) and the list holds little more than the backlog.
 */
export interface PendingIngest {
  /** The inbox record's id. */
  _id: string;
  tenantId: string;
  connectionId: string;
  mode: SourceMode;
  receivedAt: Date;
  attempts: number;
  lastError?: string;
  updatedAt: Date;
}

const pendingSchema = new Schema<PendingIngest>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    connectionId: { type: String, required: true },
    mode: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    lastError: String,
    updatedAt: { type: Date, required: true },
  },
  { collection: 'inbox_pending', versionKey: false },
);

export class InboxPendingRepository {
  readonly model: Model<PendingIngest>;

  constructor(db: MongoConnection) {
    this.model = db.model<PendingIngest>('PendingIngest', pendingSchema);
  }

  async add(p: Omit<PendingIngest, 'attempts' | 'updatedAt'>): Promise<void> {
    await insertDoc(this.model, { ...p, attempts: 0, updatedAt: new Date() });
  }

  /** Drops one entry whose inbox record was never written (rare: a process died in between, a duplicate). */
  async remove(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  /** Every entry, in id (= arrival) order. */
  all(): Promise<PendingIngest[]> {
    return this.model.find({}).sort({ _id: 1 }).lean();
  }

  /** Deletes every entry before `id` (one range delete); returns how many. */
  async trimBefore(id: string): Promise<number> {
    return (await this.model.deleteMany({ _id: { $lt: id } })).deletedCount ?? 0;
  }

  find(id: string): Promise<PendingIngest | null> {
    return this.model.findById(id).lean();
  }

  /** Counts a failed ingest attempt; returns the attempts so far. */
  async recordFailure(id: string, error: string): Promise<number> {
    const updated = await this.model.findOneAndUpdate({ _id: id }, { $inc: { attempts: 1 }, $set: { lastError: error, updatedAt: new Date() } }, { new: true }).lean();
    return updated?.attempts ?? 0;
  }
}
