import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';

/** Per connection: the vendor cursor of the last poll and the subjects (e.g. candidates) to poll. */
export interface PollStateRecord {
  /** `${tenantId}|${connectionId}` */
  _id: string;
  tenantId: string;
  connectionId: string;
  cursor?: string;
  subjects: string[];
  lastPolledAt?: Date;
  lastError?: string;
}

const pollStateSchema = new Schema<PollStateRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    connectionId: { type: String, required: true },
    cursor: String,
    subjects: { type: [String], default: [] },
    lastPolledAt: Date,
    lastError: String,
  },
  { collection: 'poll_state', versionKey: false },
);

export class PollStateRepository {
  readonly model: Model<PollStateRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<PollStateRecord>('PollStateRecord', pollStateSchema);
  }

  private static id(tenantId: string, connectionId: string): string {
    return `${tenantId}|${connectionId}`;
  }

  async get(tenantId: string, connectionId: string): Promise<PollStateRecord> {
    const found = await this.model.findById(PollStateRepository.id(tenantId, connectionId)).lean();
    if (found) return { ...found, subjects: found.subjects ?? [] };
    return { _id: PollStateRepository.id(tenantId, connectionId), tenantId, connectionId, subjects: [] };
  }

  async track(tenantId: string, connectionId: string, subjects: string[]): Promise<void> {
    if (!subjects.length) return;
    await this.model.updateOne(
      { _id: PollStateRepository.id(tenantId, connectionId) },
      { $setOnInsert: { tenantId, connectionId }, $addToSet: { subjects: { $each: subjects } } },
      { upsert: true },
    );
  }

  async saveResult(tenantId: string, connectionId: string, result: { cursor?: string; error?: string }): Promise<void> {
    const set: Record<string, unknown> = { lastPolledAt: new Date() };
    if (result.cursor !== undefined) set.cursor = result.cursor;
    const update: Record<string, unknown> = { $set: set, $setOnInsert: { tenantId, connectionId } };
    if (result.error) set.lastError = result.error;
    else update.$unset = { lastError: '' };
    await this.model.updateOne({ _id: PollStateRepository.id(tenantId, connectionId) }, update, { upsert: true });
  }
}
