import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { ConnectorErrorKind, EffectType, Receipt } from '@hub/connector-sdk';
import { isDuplicateKey } from './mongo-errors';

/**
 * pending: written, not yet queued · queued: a job exists · retrying: waiting for a delayed retry ·
 * delivered: the target confirmed · skipped: the target cannot apply this effect · dead: gave up.
 */
export type DeliveryStatus = 'pending' | 'queued' | 'retrying' | 'delivered' | 'skipped' | 'dead';
export const TERMINAL_DELIVERY_STATUSES: DeliveryStatus[] = ['delivered', 'skipped', 'dead'];

export interface DeliveryTarget {
  kind: 'connection' | 'subscription';
  id: string;
  connector: string;
}

export interface DeliveryAttempt {
  at: Date;
  outcome: 'delivered' | 'failed';
  errorKind?: ConnectorErrorKind;
  message?: string;
}

/** One cancellation × target × effect: the outbox row and, once done, its receipt. */
export interface DeliveryRecord {
  /** `${cancellationId}|${target.kind}:${target.id}|${effect}` */
  _id: string;
  tenantId: string;
  cancellationId: string;
  target: DeliveryTarget;
  effect: EffectType;
  /** Effect parameters (tags, pool, notification texts) as JSON text, fixed when planned. */
  params: string;
  status: DeliveryStatus;
  attempts: number;
  /** Attempt number of the job that may run now; older jobs are stale and do nothing. */
  generation: number;
  history: DeliveryAttempt[];
  receipt?: Receipt & { at: Date };
  skipReason?: string;
  lastError?: { kind: ConnectorErrorKind; message: string; at: Date };
  nextAttemptAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const deliverySchema = new Schema<DeliveryRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    cancellationId: { type: String, required: true },
    target: { kind: String, id: String, connector: String },
    effect: { type: String, required: true },
    params: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    generation: { type: Number, default: 0 },
    history: [{ _id: false, at: Date, outcome: String, errorKind: String, message: String }],
    receipt: { outcome: String, externalRef: String, detail: String, at: Date },
    skipReason: String,
    lastError: { kind: String, message: String, at: Date },
    nextAttemptAt: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'deliveries', versionKey: false },
);
deliverySchema.index({ cancellationId: 1 });
deliverySchema.index({ status: 1, updatedAt: 1 });

export type NewDelivery = Pick<DeliveryRecord, 'tenantId' | 'cancellationId' | 'target' | 'effect' | 'params'> & { skipReason?: string };

export class DeliveryRepository {
  readonly model: Model<DeliveryRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<DeliveryRecord>('DeliveryRecord', deliverySchema);
  }

  static idOf(d: Pick<DeliveryRecord, 'cancellationId' | 'target' | 'effect'>): string {
    return `${d.cancellationId}|${d.target.kind}:${d.target.id}|${d.effect}`;
  }

  /** Writes planned deliveries once each; planning the same cancellation again changes nothing. */
  async plan(deliveries: NewDelivery[]): Promise<void> {
    const now = new Date();
    for (const d of deliveries) {
      const doc: DeliveryRecord = {
        ...d,
        _id: DeliveryRepository.idOf(d),
        status: d.skipReason ? 'skipped' : 'pending',
        attempts: 0,
        generation: 0,
        history: [],
        createdAt: now,
        updatedAt: now,
      };
      try {
        await this.model.create(doc);
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    }
  }

  findById(id: string): Promise<DeliveryRecord | null> {
    return this.model.findById(id).lean();
  }

  forCancellation(cancellationId: string): Promise<DeliveryRecord[]> {
    return this.model.find({ cancellationId }).sort({ _id: 1 }).lean();
  }

  /** Marks a delivery queued for job `generation`, only from a state that may be queued. */
  async markQueued(id: string, generation: number, from: DeliveryStatus[]): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: id, status: { $in: from }, generation },
      { $set: { status: 'queued', updatedAt: new Date() } },
    );
    return res.modifiedCount === 1;
  }

  async markDelivered(id: string, generation: number, receipt: Receipt): Promise<boolean> {
    const at = new Date();
    const res = await this.model.updateOne(
      { _id: id, generation, status: { $nin: TERMINAL_DELIVERY_STATUSES } },
      {
        $set: { status: 'delivered', receipt: { ...receipt, at }, updatedAt: at },
        $unset: { nextAttemptAt: '' },
        $inc: { attempts: 1 },
        $push: { history: { at, outcome: 'delivered' } },
      },
    );
    return res.modifiedCount === 1;
  }

  /**
   * Records a failed attempt. With `retryAt` the delivery waits for job `generation + 1`;
   * without it the delivery is dead.
   */
  async markFailed(id: string, generation: number, error: { kind: ConnectorErrorKind; message: string }, retryAt?: Date): Promise<boolean> {
    const at = new Date();
    const set: Record<string, unknown> = { lastError: { ...error, at }, updatedAt: at };
    if (retryAt) Object.assign(set, { status: 'retrying', nextAttemptAt: retryAt, generation: generation + 1 });
    else set.status = 'dead';
    const res = await this.model.updateOne(
      { _id: id, generation, status: { $nin: TERMINAL_DELIVERY_STATUSES } },
      { $set: set, $inc: { attempts: 1 }, $push: { history: { at, outcome: 'failed', errorKind: error.kind, message: error.message } } },
    );
    return res.modifiedCount === 1;
  }

  /** Gives dead deliveries a new generation and a fresh attempt budget; returns what was reset. */
  async resetDead(cancellationId: string): Promise<DeliveryRecord[]> {
    const dead = await this.model.find({ cancellationId, status: 'dead' }).lean();
    const reset: DeliveryRecord[] = [];
    for (const d of dead) {
      const res = await this.model.updateOne(
        { _id: d._id, status: 'dead', generation: d.generation },
        { $set: { status: 'pending', attempts: 0, generation: d.generation + 1, updatedAt: new Date() }, $unset: { nextAttemptAt: '' } },
      );
      if (res.modifiedCount === 1) reset.push({ ...d, status: 'pending', attempts: 0, generation: d.generation + 1 });
    }
    return reset;
  }

  /** Deliveries written but not queued, or whose retry time has passed without a job running. */
  findStranded(before: Date, limit: number): Promise<DeliveryRecord[]> {
    return this.model
      .find({
        $or: [
          { status: 'pending', updatedAt: { $lt: before } },
          { status: 'queued', updatedAt: { $lt: before } },
          { status: 'retrying', nextAttemptAt: { $lt: before } },
        ],
      })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean();
  }

  async statusCounts(cancellationId: string): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.model.aggregate<{ _id: DeliveryStatus; n: number }>([
      { $match: { cancellationId } },
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]);
    const counts = { pending: 0, queued: 0, retrying: 0, delivered: 0, skipped: 0, dead: 0 };
    for (const r of rows) counts[r._id] = r.n;
    return counts;
  }
}
