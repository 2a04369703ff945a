import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { ConnectorErrorKind, EffectType, LinkKind, Receipt, RepeatClass } from '@hub/connector-sdk';
import { insertOnce } from './inserts';

/**
 * queued: a job exists (or the sweeper will add it) · retrying: waiting for a delayed retry ·
 * awaiting_link: the target's id of something the effect needs is not known yet; resumes when the link appears ·
 * delivered: the target confirmed · skipped: nothing to do for this target · dead: gave up ·
 * uncertain: an `unsafe` effect may have gone out, and nobody can tell; an operator decides (replay or leave).
 */
export const DELIVERY_STATUSES = ['queued', 'retrying', 'awaiting_link', 'delivered', 'skipped', 'dead', 'uncertain'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** No job will run for these again unless an operator replays them. */
export const TERMINAL_DELIVERY_STATUSES: DeliveryStatus[] = ['delivered', 'skipped', 'dead', 'uncertain'];
/** A job runs or will run for these. */
export const IN_FLIGHT_DELIVERY_STATUSES: DeliveryStatus[] = ['queued', 'retrying'];

export interface DeliveryTarget {
  kind: 'connection' | 'subscription';
  id: string;
  connector: string;
}

export interface DeliveryAttempt {
  at: Date;
  outcome: 'delivered' | 'failed' | 'skipped' | 'awaiting_link' | 'uncertain' | 'recovered' | 'replayed';
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
  /** How a repeat of this effect behaves at this target (the connector's declaration when planned). */
  repeat: RepeatClass;
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
  awaiting?: { kinds: LinkKind[]; detail: string; since: Date };
  uncertain?: { why: string; since: Date };
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
    repeat: { type: String, required: true },
    params: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    generation: { type: Number, default: 0 },
    history: [{ _id: false, at: Date, outcome: String, errorKind: String, message: String }],
    receipt: { outcome: String, externalRef: String, detail: String, at: Date, links: [{ _id: false, kind: String, externalId: String }] },
    skipReason: String,
    lastError: { kind: String, message: String, at: Date },
    nextAttemptAt: Date,
    awaiting: { kinds: [String], detail: String, since: Date },
    uncertain: { why: String, since: Date },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'deliveries', versionKey: false },
);
deliverySchema.index({ cancellationId: 1 });
deliverySchema.index({ status: 1, updatedAt: 1 });

export type NewDelivery = Pick<DeliveryRecord, 'tenantId' | 'cancellationId' | 'target' | 'effect' | 'params' | 'repeat'> & { skipReason?: string };

type Guard = { id: string; generation: number };

export class DeliveryRepository {
  readonly model: Model<DeliveryRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<DeliveryRecord>('DeliveryRecord', deliverySchema);
  }

  static idOf(d: Pick<DeliveryRecord, 'cancellationId' | 'target' | 'effect'>): string {
    return `${d.cancellationId}|${d.target.kind}:${d.target.id}|${d.effect}`;
  }

  /** Writes planned deliveries once each (`queued`, or `skipped` with the reason); planning again changes nothing. */
  async plan(deliveries: NewDelivery[]): Promise<DeliveryRecord[]> {
    const now = new Date();
    const docs: DeliveryRecord[] = [];
    for (const d of deliveries) {
      const doc: DeliveryRecord = {
        ...d,
        _id: DeliveryRepository.idOf(d),
        status: d.skipReason ? 'skipped' : 'queued',
        attempts: 0,
        generation: 0,
        history: [],
        createdAt: now,
        updatedAt: now,
      };
      await insertOnce(this.model, doc);
      docs.push(doc);
    }
    return docs;
  }

  findById(id: string): Promise<DeliveryRecord | null> {
    return this.model.findById(id).lean();
  }

  forCancellation(cancellationId: string): Promise<DeliveryRecord[]> {
    return this.model.find({ cancellationId }).sort({ _id: 1 }).lean();
  }

  private async transition(g: Guard, from: DeliveryStatus[], update: Record<string, unknown>): Promise<boolean> {
    const res = await this.model.updateOne({ _id: g.id, generation: g.generation, status: { $in: from } }, update);
    return res.modifiedCount === 1;
  }

  async markDelivered(g: Guard, receipt: Receipt, note?: string): Promise<boolean> {
    const at = new Date();
    return this.transition(g, ['queued', 'retrying', 'awaiting_link'], {
      $set: { status: 'delivered', receipt: { ...receipt, at }, updatedAt: at },
      $unset: { nextAttemptAt: '', awaiting: '' },
      $inc: { attempts: 1 },
      $push: { history: { at, outcome: note ? 'recovered' : 'delivered', ...(note ? { message: note } : {}) } },
    });
  }

  /**
   * A run that sent the effect again (after an interrupted attempt) found the delivery already finished by the run it
   * took for dead (a job whose lock was lost while it still ran): the repeat is noted in the history all the same, so
   * the record accounts for every call the vendor received.
   */
  async noteRepeat(id: string, message: string): Promise<void> {
    const at = new Date();
    await this.model.updateOne({ _id: id, status: { $in: ['delivered', 'skipped'] } }, { $push: { history: { at, outcome: 'recovered', message } } });
  }

  /** The target had nothing to do (a `not_applicable` receipt). */
  async markSkipped(g: Guard, receipt: Receipt): Promise<boolean> {
    const at = new Date();
    return this.transition(g, ['queued', 'retrying', 'awaiting_link'], {
      $set: { status: 'skipped', skipReason: receipt.detail ?? 'nothing to apply at this target', receipt: { ...receipt, at }, updatedAt: at },
      $unset: { nextAttemptAt: '', awaiting: '' },
      $inc: { attempts: 1 },
      $push: { history: { at, outcome: 'skipped', message: receipt.detail } },
    });
  }

  /**
   * Records a failed attempt. With `retryAt` the delivery waits for job `generation + 1`;
   * without it the delivery is dead.
   */
  async markFailed(g: Guard, error: { kind: ConnectorErrorKind; message: string }, retryAt?: Date): Promise<boolean> {
    const at = new Date();
    const set: Record<string, unknown> = { lastError: { ...error, at }, updatedAt: at };
    if (retryAt) Object.assign(set, { status: 'retrying', nextAttemptAt: retryAt, generation: g.generation + 1 });
    else set.status = 'dead';
    return this.transition(g, ['queued', 'retrying', 'awaiting_link'], {
      $set: set,
      $unset: { awaiting: '' },
      $inc: { attempts: 1 },
      $push: { history: { at, outcome: 'failed', errorKind: error.kind, message: error.message } },
    });
  }

  /** Parks the delivery until the target's ids of `kinds` are known (no attempt is spent); a re-check only notes the time. */
  async markAwaiting(g: Guard, kinds: LinkKind[], detail: string, recheck = false): Promise<boolean> {
    const at = new Date();
    if (recheck) return this.transition(g, ['awaiting_link'], { $set: { updatedAt: at } });
    return this.transition(g, ['queued', 'retrying', 'awaiting_link'], {
      $set: { status: 'awaiting_link', awaiting: { kinds, detail, since: at }, updatedAt: at },
      $unset: { nextAttemptAt: '' },
      $push: { history: { at, outcome: 'awaiting_link', message: detail } },
    });
  }

  /** An unsafe effect's attempt whose outcome is unknown: it waits for an operator. */
  async markUncertain(g: Guard, why: string): Promise<boolean> {
    const at = new Date();
    return this.transition(g, ['queued', 'retrying', 'awaiting_link'], {
      $set: { status: 'uncertain', uncertain: { why, since: at }, updatedAt: at },
      $unset: { nextAttemptAt: '' },
      $inc: { attempts: 1 },
      $push: { history: { at, outcome: 'uncertain', message: why } },
    });
  }

  /** Gives deliveries in `statuses` a new generation and a fresh attempt budget; returns what was reset. */
  async resetForReplay(cancellationId: string, statuses: DeliveryStatus[], only?: string[]): Promise<DeliveryRecord[]> {
    const candidates = (await this.model.find({ cancellationId }).lean()).filter((d) => statuses.includes(d.status) && (!only || only.includes(d._id)));
    const reset: DeliveryRecord[] = [];
    for (const d of candidates) {
      const at = new Date();
      const ok = await this.transition({ id: d._id, generation: d.generation }, [d.status], {
        $set: { status: 'queued', attempts: 0, generation: d.generation + 1, updatedAt: at },
        $unset: { nextAttemptAt: '', uncertain: '', awaiting: '' },
        $push: { history: { at, outcome: 'replayed', message: `replayed from ${d.status}` } },
      });
      if (ok) reset.push({ ...d, status: 'queued', attempts: 0, generation: d.generation + 1 });
    }
    return reset;
  }

  /** Deliveries in `status`, by id after `afterId` (the sweeper's fair paging). */
  inStatusAfter(status: DeliveryStatus, afterId: string, limit: number): Promise<DeliveryRecord[]> {
    return this.model.find({ status, _id: { $gt: afterId } }, { params: 0, history: 0 }).sort({ _id: 1 }).limit(limit).lean();
  }

  /** Retention: deletes finished deliveries last changed before `before`; returns their ids (their attempts go too). */
  async deleteFinishedBefore(before: Date): Promise<string[]> {
    const old = await this.model.find({ status: { $in: TERMINAL_DELIVERY_STATUSES }, updatedAt: { $lt: before } }, { _id: 1 }).lean();
    const ids = old.map((d) => d._id);
    for (let i = 0; i < ids.length; i += 500) await this.model.deleteMany({ _id: { $in: ids.slice(i, i + 500) } });
    return ids;
  }
}
