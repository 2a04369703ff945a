import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { insertOnce } from './inserts';

/**
 * The polls of a connection run in two lanes, one poll at a time in each: the scheduled `sweep`, and what pushes
 * ask for (`changes`, `subjects`). A long sweep thus never holds up a push-triggered poll.
 */
export type PollLane = 'sweep' | 'changes';

export function pollLaneOf(scope: 'changes' | 'sweep' | 'subjects'): PollLane {
  return scope === 'sweep' ? 'sweep' : 'changes';
}

/**
 * Per connection and lane: the vendor cursor of the lane's last poll, and how it went. One document per lane,
 * written only by that lane's poll (one at a time), so the two lanes never update one document.
 */
export interface PollStateRecord {
  /** `${tenantId}|${connectionId}` for the `changes` lane, `${tenantId}|${connectionId}|sweep` for the sweep. */
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

  private static stateId(tenantId: string, connectionId: string, lane: PollLane): string {
    return lane === 'sweep' ? `${PollStateRepository.id(tenantId, connectionId)}|sweep` : PollStateRepository.id(tenantId, connectionId);
  }

  /** The lane's state. A sweep lane without its own yet starts from the connection's single cursor of older hubs. */
  async get(tenantId: string, connectionId: string, lane: PollLane): Promise<PollStateRecord> {
    const found = await this.model.findById(PollStateRepository.stateId(tenantId, connectionId, lane)).lean();
    if (found) return found;
    const legacy = lane === 'sweep' ? await this.model.findById(PollStateRepository.id(tenantId, connectionId)).lean() : null;
    return { _id: PollStateRepository.stateId(tenantId, connectionId, lane), tenantId, connectionId, ...(legacy?.cursor ? { cursor: legacy.cursor } : {}) };
  }

  async tracked(tenantId: string, connectionId: string): Promise<string[]> {
    return (await this.subjects.find({ tenantId, connectionId }, { subject: 1 }).sort({ at: 1, _id: 1 }).lean()).map((s) => s.subject);
  }

  /** Tracks the subjects; `at` becomes now for each, also for those already tracked (see `untrack`). */
  async track(tenantId: string, connectionId: string, subjects: string[]): Promise<void> {
    for (const subject of new Set(subjects)) {
      const _id = `${PollStateRepository.id(tenantId, connectionId)}|${subject}`;
      const at = new Date();
      if (!(await insertOnce(this.subjects, { _id, tenantId, connectionId, subject, at }))) await this.subjects.updateOne({ _id }, { $set: { at } });
    }
  }

  /** Stops tracking the subjects, except those tracked again since `seenBefore` (a poll of the other lane found them meanwhile). */
  async untrack(tenantId: string, connectionId: string, subjects: string[], seenBefore: Date): Promise<void> {
    if (!subjects.length) return;
    await this.subjects.deleteMany({ _id: { $in: subjects.map((s) => `${PollStateRepository.id(tenantId, connectionId)}|${s}`) }, at: { $lt: seenBefore } });
  }

  async saveResult(tenantId: string, connectionId: string, lane: PollLane, result: { cursor?: string; error?: string }): Promise<void> {
    const set: Record<string, unknown> = { lastPolledAt: new Date() };
    if (result.cursor !== undefined) set.cursor = result.cursor;
    const update: Record<string, unknown> = { $set: set, $setOnInsert: { tenantId, connectionId } };
    if (result.error) set.lastError = result.error;
    else update.$unset = { lastError: '' };
    await this.model.updateOne({ _id: PollStateRepository.stateId(tenantId, connectionId, lane) }, update, { upsert: true });
  }
}
