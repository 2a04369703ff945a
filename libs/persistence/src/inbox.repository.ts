import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { ulid } from 'ulid';
import type { SourceMode } from '@hub/schema';
import { isDuplicateKey } from './mongo-errors';

export type InboxStatus = 'accepted' | 'rejected' | 'processed' | 'failed';

/**
 * Everything that reached the hub, accepted or not, exactly as received. Written before the vendor
 * is answered; `dedupKey` makes a redelivered event land once.
 */
export interface InboxRecord {
  _id: string;
  tenantId: string;
  connectionId: string;
  connector?: string;
  dedupKey: string;
  externalEventId?: string;
  kind?: string;
  mode: SourceMode;
  status: InboxStatus;
  /** The raw HTTP body as received (webhooks), verbatim. */
  rawBody?: string;
  /** Query string and selected headers of the request, as JSON text. */
  requestMeta?: string;
  /** The event payload as exact text (decrypted for encrypted pushes). */
  payload?: string;
  rejection?: { reason: string; message: string; httpStatus: number };
  result?: string;
  error?: string;
  deliveries: number;
  receivedAt: Date;
  processedAt?: Date;
}

const inboxSchema = new Schema<InboxRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    connectionId: { type: String, required: true },
    connector: String,
    dedupKey: { type: String, required: true },
    externalEventId: String,
    kind: String,
    mode: { type: String, required: true },
    status: { type: String, required: true },
    rawBody: String,
    requestMeta: String,
    payload: String,
    rejection: { reason: String, message: String, httpStatus: Number },
    result: String,
    error: String,
    deliveries: { type: Number, default: 1 },
    receivedAt: { type: Date, required: true },
    processedAt: Date,
  },
  { collection: 'inbox', versionKey: false },
);
inboxSchema.index({ dedupKey: 1 }, { unique: true });
inboxSchema.index({ status: 1, receivedAt: 1 });
inboxSchema.index({ tenantId: 1, receivedAt: -1 });

export type NewInboxRecord = Omit<InboxRecord, '_id' | 'dedupKey' | 'deliveries' | 'status'>;

export class InboxRepository {
  readonly model: Model<InboxRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<InboxRecord>('InboxRecord', inboxSchema);
  }

  static dedupKey(tenantId: string, connectionId: string, externalEventId: string): string {
    return `${tenantId}|${connectionId}|${externalEventId}`;
  }

  /**
   * Stores an accepted event once. A redelivery of the same event returns the first record with
   * `duplicate: true` and bumps its delivery count.
   */
  async accept(rec: NewInboxRecord & { externalEventId: string }): Promise<{ record: InboxRecord; duplicate: boolean }> {
    const dedupKey = InboxRepository.dedupKey(rec.tenantId, rec.connectionId, rec.externalEventId);
    try {
      const created = await this.model.create({ ...rec, _id: ulid(), dedupKey, status: 'accepted', deliveries: 1 });
      return { record: created.toObject(), duplicate: false };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const existing = await this.model.findOneAndUpdate({ dedupKey }, { $inc: { deliveries: 1 } }, { new: true }).lean();
      if (!existing) throw e;
      return { record: existing, duplicate: true };
    }
  }

  /** Keeps a refused request for inspection; never deduplicated, never queued. */
  async reject(rec: NewInboxRecord & { rejection: NonNullable<InboxRecord['rejection']> }): Promise<InboxRecord> {
    const id = ulid();
    const created = await this.model.create({ ...rec, _id: id, dedupKey: `rejected|${id}`, status: 'rejected', deliveries: 1 });
    return created.toObject();
  }

  /** Which of these vendor event ids the connection has already stored (one query, for polls that see the same items again). */
  async knownEventIds(tenantId: string, connectionId: string, externalEventIds: string[]): Promise<Set<string>> {
    if (!externalEventIds.length) return new Set();
    const keys = externalEventIds.map((id) => InboxRepository.dedupKey(tenantId, connectionId, id));
    const found = await this.model.find({ dedupKey: { $in: keys } }, { externalEventId: 1 }).lean();
    return new Set(found.map((r) => r.externalEventId as string));
  }

  findById(id: string): Promise<InboxRecord | null> {
    return this.model.findById(id).lean();
  }

  async markProcessed(id: string, result: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'processed', result, processedAt: new Date() }, $unset: { error: '' } });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { status: 'failed', error, processedAt: new Date() } });
  }

  async recordError(id: string, error: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { error } });
  }

  /**
   * Vendor events accepted but never processed and older than `before`: the sweeper requeues them.
   * API requests are processed while the caller waits, so they are not the sweeper's to finish.
   */
  findStranded(before: Date, limit: number): Promise<InboxRecord[]> {
    return this.model.find({ status: 'accepted', mode: { $ne: 'api' }, receivedAt: { $lt: before } }).sort({ receivedAt: 1 }).limit(limit).lean();
  }

  list(filter: { tenantId: string; status?: InboxStatus }, limit: number): Promise<InboxRecord[]> {
    const q: Record<string, unknown> = { tenantId: filter.tenantId };
    if (filter.status) q.status = filter.status;
    return this.model.find(q).sort({ receivedAt: -1 }).limit(limit).lean();
  }
}
