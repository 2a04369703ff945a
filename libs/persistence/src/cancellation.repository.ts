import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { CancellationEvent } from '@hub/schema';
import { isDuplicateKey } from './mongo-errors';

/** Sync progress of one cancellation over all its deliveries. */
export type SyncStatus = 'syncing' | 'synced' | 'failed';

export interface CancellationRecord {
  /** The canonical event id (ULID). */
  _id: string;
  tenantId: string;
  /** `${tenantId}|${interview.key}`: one cancellation per interview. */
  key: string;
  /** Every `connectionId:externalId` this interview is known by, for cross-system matching. */
  interviewRefs: string[];
  /** The canonical event as JSON text, exactly as validated and delivered. */
  event: string;
  candidateName: string;
  positionTitle: string;
  reasonCode: string;
  scheduledStart?: Date;
  occurredAt: Date;
  originConnectionId: string;
  originInboxId?: string;
  syncStatus: SyncStatus;
  /** Later events about the same interview that were dropped as stale or echoes. */
  suppressed: number;
  createdAt: Date;
  updatedAt: Date;
}

const cancellationSchema = new Schema<CancellationRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    key: { type: String, required: true },
    interviewRefs: { type: [String], required: true },
    event: { type: String, required: true },
    candidateName: { type: String, required: true },
    positionTitle: { type: String, required: true },
    reasonCode: { type: String, required: true },
    scheduledStart: Date,
    occurredAt: { type: Date, required: true },
    originConnectionId: { type: String, required: true },
    originInboxId: String,
    syncStatus: { type: String, required: true },
    suppressed: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'cancellations', versionKey: false },
);
cancellationSchema.index({ key: 1 }, { unique: true });
cancellationSchema.index({ tenantId: 1, interviewRefs: 1 });
cancellationSchema.index({ tenantId: 1, createdAt: -1 });
cancellationSchema.index({ tenantId: 1, scheduledStart: 1 });

export interface CancellationFilter {
  tenantId: string;
  candidateName?: string;
  from?: Date;
  to?: Date;
  syncStatus?: SyncStatus;
  limit: number;
  /** Return records created before this id (ULIDs sort by time): cursor paging. */
  before?: string;
}

export type UpsertOutcome =
  | { outcome: 'created'; record: CancellationRecord }
  | { outcome: 'same'; record: CancellationRecord }
  | { outcome: 'suppressed'; record: CancellationRecord; why: string };

export class CancellationRepository {
  readonly model: Model<CancellationRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<CancellationRecord>('CancellationRecord', cancellationSchema);
  }

  static refsOf(event: CancellationEvent): string[] {
    return Object.entries(event.interview.externalIds).map(([conn, id]) => `${conn}:${id}`);
  }

  /**
   * Records a cancellation once per interview. The same inbox event again is `same` (so a retried
   * ingest carries on idempotently); any other event about an interview already cancelled is
   * `suppressed`: an echo of our own write, or a stale or repeated report.
   */
  async upsert(event: CancellationEvent, originInboxId: string | undefined): Promise<UpsertOutcome> {
    const refs = CancellationRepository.refsOf(event);
    const existing = await this.model.findOne({ tenantId: event.tenantId, interviewRefs: { $in: refs } }).lean();
    if (existing) return this.compare(existing, originInboxId, event);
    const now = new Date();
    const record: CancellationRecord = {
      _id: event.id,
      tenantId: event.tenantId,
      key: `${event.tenantId}|${event.interview.key}`,
      interviewRefs: refs,
      event: JSON.stringify(event),
      candidateName: event.candidate.name,
      positionTitle: event.interview.position.title,
      reasonCode: event.cancellation.reason.code,
      scheduledStart: event.interview.scheduledStart ? new Date(event.interview.scheduledStart) : undefined,
      occurredAt: new Date(event.occurredAt),
      originConnectionId: event.source.connectionId,
      originInboxId,
      syncStatus: 'syncing',
      suppressed: 0,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.model.create(record);
      return { outcome: 'created', record };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const raced = await this.model.findOne({ key: record.key }).lean();
      if (!raced) throw e;
      return this.compare(raced, originInboxId, event);
    }
  }

  private async compare(existing: CancellationRecord, originInboxId: string | undefined, event: CancellationEvent): Promise<UpsertOutcome> {
    if (originInboxId && existing.originInboxId === originInboxId) return { outcome: 'same', record: existing };
    await this.model.updateOne({ _id: existing._id }, { $inc: { suppressed: 1 }, $set: { updatedAt: new Date() } });
    const why =
      existing.originConnectionId === event.source.connectionId
        ? 'the interview was already cancelled from this connection (repeat or stale report)'
        : `the interview was already cancelled (origin ${existing.originConnectionId}); this is an echo or a later duplicate`;
    return { outcome: 'suppressed', record: existing, why };
  }

  findById(tenantId: string, id: string): Promise<CancellationRecord | null> {
    return this.model.findOne({ _id: id, tenantId }).lean();
  }

  list(f: CancellationFilter): Promise<CancellationRecord[]> {
    const q: Record<string, unknown> = { tenantId: f.tenantId };
    if (f.candidateName) q.candidateName = { $regex: escapeRegex(f.candidateName) };
    if (f.syncStatus) q.syncStatus = f.syncStatus;
    if (f.from || f.to) {
      const range: Record<string, Date> = {};
      if (f.from) range.$gte = f.from;
      if (f.to) range.$lte = f.to;
      q.scheduledStart = range;
    }
    if (f.before) q._id = { $lt: f.before };
    return this.model.find(q).sort({ _id: -1 }).limit(f.limit).lean();
  }

  async setSyncStatus(id: string, status: SyncStatus): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { syncStatus: status, updatedAt: new Date() } });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
