import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { insertOnce } from './inserts';

/**
 * Which parked deliveries wait for which link: `_id` = `<deliveryId>|<link key>`, where the link key is
 * `tenant|connection|kind|hubId` (the target connection's id of that hub entity is what is missing).
 * Small by design (only parked deliveries), so the check made after every new link is cheap.
 */
export interface AwaitingLink {
  _id: string;
  deliveryId: string;
  key: string;
  connector: string;
  generation: number;
  at: Date;
}

const awaitingSchema = new Schema<AwaitingLink>(
  { _id: String, deliveryId: { type: String, required: true }, key: { type: String, required: true }, connector: { type: String, required: true }, generation: { type: Number, required: true }, at: { type: Date, required: true } },
  { collection: 'awaiting_links', versionKey: false },
);
awaitingSchema.index({ key: 1 });

export const awaitedLinkKey = (tenantId: string, connectionId: string, kind: string, hubId: string): string => `${tenantId}|${connectionId}|${kind}|${hubId}`;

export class AwaitingLinkRepository {
  readonly model: Model<AwaitingLink>;

  constructor(db: MongoConnection) {
    this.model = db.model<AwaitingLink>('AwaitingLink', awaitingSchema);
  }

  async add(deliveryId: string, connector: string, generation: number, keys: string[]): Promise<void> {
    for (const key of keys) await insertOnce(this.model, { _id: `${deliveryId}|${key}`, deliveryId, key, connector, generation, at: new Date() });
  }

  waitingFor(key: string): Promise<AwaitingLink[]> {
    return this.model.find({ key }).lean();
  }

  all(limit: number): Promise<AwaitingLink[]> {
    return this.model.find().sort({ at: 1 }).limit(limit).lean();
  }

  async removeDelivery(deliveryId: string): Promise<void> {
    await this.model.deleteMany({ deliveryId });
  }
}
