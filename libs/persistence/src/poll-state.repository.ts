import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { insertOnce } from './inserts';

/** Per connection: the vendor cursor of the last `changes`/`sweep` poll. Written only by that connection's poll, which runs one at a time. */
export interface PollStateRecord {
  /** `${tenantId}|${connectionId}` */
  _id: string;
  tenantId: string;
  connectionId: string;
  cursor?: string;
  lastPolledAt?: Date;
  lastError?: string;
}

/** A subject (e.g. a DingTalk candidate) the hub polls for a connection; one insert-only document each. */
export interface PollSubject {
  _id: string;
  tenantId: string;
  connectionId: string;
  subject: string;
  at: Date;
}

const pollStateSchema = new Schema<PollStateRecord>(
  { _id: String, tenantId: { type: String, required: true }, connectionId: { type: String, required: true }, cursor: String, lastPolledAt: Date, lastError: String },
  { collection: 'poll_state', versionKey: false },
);
const subjectSchema = new Schema<PollSubject>(
  { _id: String, tenantId: { type: String, required: true }, connectionId: { type: String, required: true }, subject: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'poll_subjects', versionKey: false },
);
subjectSchema.index({ tenantId: 1, connectionId: 1 });

export class PollStateRepository {
  readonly model: Model<PollStateRecord>;
  readonly subjects: Model<PollSubject>;

  constructor(db: MongoConnection) {
    this.model = db.model<PollStateRecord>('PollStateRecord', pollStateSchema);
    this.subjects = db.model<PollSubject>('PollSubject', subjectSchema);
  }

  private static id(tenantId: string, connectionId: string): string {
    return `${tenantId}|${connectionId}`;
  }

  async get(tenantId: string, connectionId: string): Promise<PollStateRecord> {
    const found = await this.model.findById(PollStateRepository.id(tenantId, connectionId)).lean();
    return found ?? { _id: PollStateRepository.id(tenantId, connectionId), tenantId, connectionId };
  }

  async tracked(tenantId: string, connectionId: string): Promise<string[]> {
    return (await this.subjects.find({ tenantId, connectionId }, { subject: 1 }).sort({ at: 1, _id: 1 }).lean()).map((s) => s.subject);
  }

  async track(tenantId: string, connectionId: string, subjects: string[]): Promise<void> {
    for (const subject of new Set(subjects)) {
      await insertOnce(this.subjects, { _id: `${PollStateRepository.id(tenantId, connectionId)}|${subject}`, tenantId, connectionId, subject, at: new Date() });
    }
  }

  async untrack(tenantId: string, connectionId: string, subjects: string[]): Promise<void> {
    if (!subjects.length) return;
    await this.subjects.deleteMany({ _id: { $in: subjects.map((s) => `${PollStateRepository.id(tenantId, connectionId)}|${s}`) } });
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
