import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';

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

  async deactivate(tenantId: string, id: string): Promise<boolean> {
    const res = await this.model.updateOne({ _id: id, tenantId }, { $set: { active: false } });
    return res.matchedCount === 1;
  }
}
