import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import type { ConnectorErrorKind, Receipt } from '@hub/connector-sdk';
import { insertOnce } from './inserts';

/**
 * The write-ahead record of delivery attempts, insert-only: `s|<delivery>#<generation>` is written before
 * the vendor is called, `o|<delivery>#<generation>` once the outcome is known. A job that finds the first
 * without the second knows an earlier run of the same attempt died after it may have reached the vendor.
 */
export interface AttemptRecord {
  _id: string;
  deliveryId: string;
  generation: number;
  phase: 'started' | 'outcome';
  ok?: boolean;
  receipt?: Receipt;
  error?: { kind: ConnectorErrorKind; message: string; ambiguous?: boolean };
  at: Date;
}

const attemptSchema = new Schema<AttemptRecord>(
  {
    _id: String,
    deliveryId: { type: String, required: true },
    generation: { type: Number, required: true },
    phase: { type: String, required: true },
    ok: Boolean,
    receipt: { type: Schema.Types.Mixed },
    error: { kind: String, message: String, ambiguous: Boolean },
    at: { type: Date, required: true },
  },
  { collection: 'delivery_attempts', versionKey: false },
);
attemptSchema.index({ deliveryId: 1 });

const startedId = (deliveryId: string, generation: number) => `s|${deliveryId}#${generation}`;
const outcomeId = (deliveryId: string, generation: number) => `o|${deliveryId}#${generation}`;

export type AttemptOutcome = { ok: true; receipt: Receipt } | { ok: false; error: NonNullable<AttemptRecord['error']> };

export class DeliveryAttemptRepository {
  readonly model: Model<AttemptRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<AttemptRecord>('AttemptRecord', attemptSchema);
  }

  /** Claims the attempt of this generation; false when an earlier run already started it. */
  begin(deliveryId: string, generation: number): Promise<boolean> {
    return insertOnce(this.model, { _id: startedId(deliveryId, generation), deliveryId, generation, phase: 'started', at: new Date() });
  }

  /** Records what the vendor answered (first write wins). */
  async finish(deliveryId: string, generation: number, outcome: AttemptOutcome): Promise<void> {
    await insertOnce(this.model, { _id: outcomeId(deliveryId, generation), deliveryId, generation, phase: 'outcome' as const, at: new Date(), ...outcome });
  }

  async outcome(deliveryId: string, generation: number): Promise<AttemptOutcome | undefined> {
    const found = await this.model.findById(outcomeId(deliveryId, generation)).lean();
    if (!found) return undefined;
    return found.ok ? { ok: true, receipt: found.receipt as Receipt } : { ok: false, error: found.error as NonNullable<AttemptRecord['error']> };
  }

  async deleteForDeliveries(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) await this.model.deleteMany({ deliveryId: { $in: ids.slice(i, i + 500) } });
  }
}
