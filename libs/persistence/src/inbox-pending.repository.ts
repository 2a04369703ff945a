import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { SourceMode } from '@hub/schema';
import { insertDoc } from './inserts';

/**
 * Accepted inbox records not processed yet: the ingest work list that survives a lost queue. Written
 * before the inbox record itself (same `_id`), deleted once an outcome is recorded, so it holds only the
 * backlog and stays small.
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

  async remove(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  find(id: string): Promise<PendingIngest | null> {
    return this.model.findById(id).lean();
  }

  /** Counts a failed ingest attempt; returns the attempts so far. */
  async recordFailure(id: string, error: string): Promise<number> {
    const updated = await this.model.findOneAndUpdate({ _id: id }, { $inc: { attempts: 1 }, $set: { lastError: error, updatedAt: new Date() } }, { new: true }).lean();
    return updated?.attempts ?? 0;
  }

  /** The sweeper's fair paging: ids after `afterId`, in id (= arrival) order. */
  after(afterId: string, limit: number): Promise<PendingIngest[]> {
    return this.model.find({ _id: { $gt: afterId } }).sort({ _id: 1 }).limit(limit).lean();
  }

  count(): Promise<number> {
    return this.model.estimatedDocumentCount();
  }
}
