import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { CancellationEvent } from '@hub/schema';
import { insertDoc } from './inserts';
import { isDuplicateKey } from './mongo-errors';

/**
 * Sync progress of one cancellation over all its deliveries. `syncing` while any delivery is in flight;
 * then `failed` (a delivery is dead), `uncertain` (an unsafe effect may or may not have gone out),
 * `awaiting_link` (a target's id of the candidate or interview is not known yet), or `synced`.
 */
export const SYNC_STATUSES = ['syncing', 'synced', 'failed', 'awaiting_link', 'uncertain'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export interface CancellationRecord {
  /** The canonical event id (ULID). */
  _id: string;
  tenantId: string;
  /** `${tenantId}|${interview hub id}`: one cancellation per interview, whichever system reports it. */
  key: string;
  /** The canonical event as JSON text, exactly as validated and delivered. */
  event: string;
  candidateHubId: string;
  candidateName: string;
  positionTitle: string;
  reasonCode: string;
  scheduledStart?: Date;
  occurredAt: Date;
  originConnectionId: string;
  originInboxId?: string;
  syncStatus: SyncStatus;
  /** Later reports of the same interview that were dropped as echoes, repeats or stale (also in the audit trail). */
  suppressed: number;
  createdAt: Date;
  updatedAt: Date;
}

const cancellationSchema = new Schema<CancellationRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    key: { type: String, required: true },
    event: { type: String, required: true },
    candidateHubId: { type: String, required: true },
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
cancellationSchema.index({ tenantId: 1, createdAt: -1 });
cancellationSchema.index({ tenantId: 1, scheduledStart: 1 });
cancellationSchema.index({ syncStatus: 1 });

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

export type CreateOutcome =
  | { outcome: 'created'; record: CancellationRecord }
  | { outcome: 'same'; record: CancellationRecord }
  | { outcome: 'suppressed'; record: CancellationRecord; why: string };

export class CancellationRepository {
  readonly model: Model<CancellationRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<CancellationRecord>('CancellationRecord', cancellationSchema);
  }

  static keyOf(tenantId: string, interviewHubId: string): string {
    return `${tenantId}|${interviewHubId}`;
  }

  /**
   * Records a cancellation once per interview (the event must carry `interview.hubId`), by a unique-key
   * insert. The same inbox event again is `same` (a retried ingest carries on); any other report of an
   * interview already cancelled is `suppressed`: an echo of the hub's own write, or a repeat or stale report.
   */
  async create(event: CancellationEvent, originInboxId: string | undefined): Promise<CreateOutcome> {
    if (!event.interview.hubId || !event.candidate.hubId) throw new Error('a cancellation is recorded only after identity resolution (interview.hubId, candidate.hubId)');
    const now = new Date();
    const record: CancellationRecord = {
      _id: event.id,
      tenantId: event.tenantId,
      key: CancellationRepository.keyOf(event.tenantId, event.interview.hubId),
      event: JSON.stringify(event),
      candidateHubId: event.candidate.hubId,
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
      await insertDoc(this.model, record);
      return { outcome: 'created', record };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const existing = (await this.model.findOne({ key: record.key }).lean()) ?? (await this.model.findById(record._id).lean());
      if (!existing) throw e;
      if (existing._id === record._id || (originInboxId && existing.originInboxId === originInboxId)) return { outcome: 'same', record: existing };
      await this.model.updateOne({ _id: existing._id }, { $inc: { suppressed: 1 }, $set: { updatedAt: new Date() } });
      const why =
        existing.originConnectionId === event.source.connectionId
          ? 'the interview was already cancelled from this connection (repeat or stale report)'
          : `the interview was already cancelled (origin ${existing.originConnectionId}); this is an echo or a later duplicate`;
      return { outcome: 'suppressed', record: existing, why };
    }
  }

  findByKey(tenantId: string, interviewHubId: string): Promise<CancellationRecord | null> {
    return this.model.findOne({ key: CancellationRepository.keyOf(tenantId, interviewHubId) }).lean();
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

  /** Cancellations still marked `syncing`, oldest first after `afterId` (the sweeper's fair paging). */
  syncingAfter(afterId: string, limit: number): Promise<CancellationRecord[]> {
    return this.model.find({ syncStatus: 'syncing', _id: { $gt: afterId } }, { event: 0 }).sort({ _id: 1 }).limit(limit).lean();
  }

  async setSyncStatus(id: string, status: SyncStatus): Promise<void> {
    await this.model.updateOne({ _id: id, syncStatus: { $ne: status } }, { $set: { syncStatus: status, updatedAt: new Date() } });
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
