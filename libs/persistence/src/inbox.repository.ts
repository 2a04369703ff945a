import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { SourceMode } from '@hub/schema';
import { insertDoc, insertOnce } from './inserts';

/**
 * `accepted` and `rejected` are written once; what processing made of an accepted record is its outcome
 * (`processed` or `failed`, see InboxOutcomeRepository), and while none exists it is still pending.
 */
export type InboxStatus = 'accepted' | 'rejected' | 'processed' | 'failed';

/**
 * Everything that reached the hub, accepted or not, exactly as received: insert-only evidence, never
 * updated, so the ingest path never has to search this ever-growing collection. `dedupKey` makes a
 * redelivered event land once.
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
  status: 'accepted' | 'rejected';
  /** The raw HTTP body as received (webhooks), verbatim. */
  rawBody?: string;
  /** Query string and selected headers of the request, as JSON text. */
  requestMeta?: string;
  /** The event payload as exact text (decrypted for encrypted pushes). */
  payload?: string;
  /** sha256 of the request body (API requests: an Idempotency-Key is bound to it). */
  bodyHash?: string;
  rejection?: { reason: string; message: string; httpStatus: number };
  receivedAt: Date;
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
    bodyHash: String,
    rejection: { reason: String, message: String, httpStatus: Number },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'inbox', versionKey: false },
);
inboxSchema.index({ dedupKey: 1 }, { unique: true });
inboxSchema.index({ tenantId: 1, receivedAt: -1 });
inboxSchema.index({ receivedAt: 1 });

export type NewInboxRecord = Omit<InboxRecord, 'dedupKey' | 'status'> & { externalEventId: string };

export class InboxRepository {
  readonly model: Model<InboxRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<InboxRecord>('InboxRecord', inboxSchema);
  }

  static dedupKey(tenantId: string, connectionId: string, externalEventId: string): string {
    return `${tenantId}|${connectionId}|${externalEventId}`;
  }

  /** Stores an accepted event under its dedup key; `duplicate` when that event is stored already. */
  async insertAccepted(rec: NewInboxRecord): Promise<'stored' | 'duplicate'> {
    const dedupKey = InboxRepository.dedupKey(rec.tenantId, rec.connectionId, rec.externalEventId);
    return (await insertOnce(this.model, { ...rec, dedupKey, status: 'accepted' as const })) ? 'stored' : 'duplicate';
  }

  /** Keeps a refused request for inspection; never deduplicated, never queued. */
  async reject(rec: Omit<InboxRecord, 'dedupKey' | 'status'> & { rejection: NonNullable<InboxRecord['rejection']> }): Promise<InboxRecord> {
    const doc: InboxRecord = { ...rec, dedupKey: `rejected|${rec._id}`, status: 'rejected' };
    await insertDoc(this.model, doc);
    return doc;
  }

  findById(id: string): Promise<InboxRecord | null> {
    return this.model.findById(id).lean();
  }

  findByDedupKey(dedupKey: string): Promise<InboxRecord | null> {
    return this.model.findOne({ dedupKey }).lean();
  }

  /** Newest first; `status` `accepted`/`rejected` filters what was stored (outcomes are joined by the caller). */
  list(filter: { tenantId: string; status?: 'accepted' | 'rejected' }, limit: number): Promise<InboxRecord[]> {
    const q: Record<string, unknown> = { tenantId: filter.tenantId };
    if (filter.status) q.status = filter.status;
    return this.model.find(q, { rawBody: 0, payload: 0 }).sort({ _id: -1 }).limit(limit).lean();
  }

  /** Retention: deletes `accepted` or `rejected` records received before `before`, except `keep`; returns how many. */
  async deleteReceivedBefore(status: 'accepted' | 'rejected', before: Date, keep: string[] = []): Promise<number> {
    const filter: Record<string, unknown> = { status, receivedAt: { $lt: before } };
    if (keep.length) filter._id = { $nin: keep };
    return (await this.model.deleteMany(filter)).deletedCount;
  }
}
