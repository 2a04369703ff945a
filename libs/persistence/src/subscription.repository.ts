import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';

/**
 * Why a subscription receives nothing: its subscriber answered 410 Gone (`gone`), its deliveries failed without a
 * success for `subscriptions.disableAfterFailingHours` (`failing`), or the tenant deleted it (`deleted`).
 */
export type SubscriptionDisabledReason = 'gone' | 'failing' | 'deleted';

/** The reasons the hub disabled a subscription by itself: only those can be enabled again. */
export const REENABLEABLE_REASONS: readonly SubscriptionDisabledReason[] = ['gone', 'failing'];

/** A URL that receives canonical events, signed with its own secret (sealed at rest). */
export interface SubscriptionRecord {
  _id: string;
  tenantId: string;
  url: string;
  eventTypes: string[];
  description?: string;
  sealedSecret: string;
  active: boolean;
  createdAt: Date;
  disabledAt?: Date;
  disabledReason?: SubscriptionDisabledReason;
  /** When the first delivery failed since the last success; a success clears it. */
  failingSince?: Date;
}

const subscriptionSchema = new Schema<SubscriptionRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    url: { type: String, required: true },
    eventTypes: { type: [String], required: true },
    description: String,
    sealedSecret: { type: String, required: true },
    active: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
    disabledAt: Date,
    disabledReason: String,
    failingSince: Date,
  },
  { collection: 'subscriptions', versionKey: false },
);
subscriptionSchema.index({ tenantId: 1, active: 1 });

export class SubscriptionRepository {
  readonly model: Model<SubscriptionRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<SubscriptionRecord>('SubscriptionRecord', subscriptionSchema);
  }

  async create(rec: SubscriptionRecord): Promise<void> {
    await this.model.create(rec);
  }

  activeFor(tenantId: string, eventType: string): Promise<SubscriptionRecord[]> {
    return this.model.find({ tenantId, active: true, eventTypes: eventType }).sort({ _id: 1 }).lean();
  }

  find(tenantId: string, id: string): Promise<SubscriptionRecord | null> {
    return this.model.findOne({ _id: id, tenantId }).lean();
  }

  list(tenantId: string): Promise<SubscriptionRecord[]> {
    return this.model.find({ tenantId }).sort({ _id: 1 }).lean();
  }

  /** The tenant deleted it (DELETE /v1/subscriptions/{id}): false when there is no such subscription. */
  async deactivate(tenantId: string, id: string): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id, tenantId }, { $set: { active: false, disabledAt: new Date(), disabledReason: 'deleted' } });
    return res.matchedCount === 1;
  }

  /**
   * The hub disables an active subscription; with `failingSinceBefore`, only one failing since before then.
   * True for the call that disabled it (every one-document update is keyed by `_id` and conditional: no transaction).
   */
  async disable(tenantId: string, id: string, reason: Exclude<SubscriptionDisabledReason, 'deleted'>, failingSinceBefore?: Date): Promise<boolean> {
    const filter = { _id: id, tenantId, active: true, ...(failingSinceBefore ? { failingSince: { $lte: failingSinceBefore } } : {}) };
    const res = await this.model.updateOne(filter, { $set: { active: false, disabledAt: new Date(), disabledReason: reason } });
    return res.modifiedCount === 1;
  }

  /** Turns on again a subscription the hub disabled (not one the tenant deleted), its failure clock reset. */
  async enable(tenantId: string, id: string): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: id, tenantId, active: false, disabledReason: { $in: REENABLEABLE_REASONS } },
      { $set: { active: true }, $unset: { disabledAt: 1, disabledReason: 1, failingSince: 1 } },
    );
    return res.modifiedCount === 1;
  }

  /** Starts the failure clock at `at` unless it runs already. */
  async markFailing(tenantId: string, id: string, at: Date): Promise<void> {
    await this.model.updateOne({ _id: id, tenantId, failingSince: { $exists: false } }, { $set: { failingSince: at } });
  }

  /** A delivery succeeded: stops the failure clock. */
  async markHealthy(tenantId: string, id: string): Promise<void> {
    await this.model.updateOne({ _id: id, tenantId, failingSince: { $exists: true } }, { $unset: { failingSince: 1 } });
  }
}
