import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { newUlid } from '@hub/schema';
import { insertDoc } from './inserts';

/** Who did what to which record, for every state change that matters to an operator. */
export interface AuditRecord {
  _id: string;
  tenantId: string;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  detail?: string;
}

const auditSchema = new Schema<AuditRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    subject: { type: String, required: true },
    detail: String,
  },
  { collection: 'audit', versionKey: false },
);
auditSchema.index({ tenantId: 1, subject: 1, at: 1 });

export class AuditRepository {
  readonly model: Model<AuditRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<AuditRecord>('AuditRecord', auditSchema);
  }

  async record(tenantId: string, actor: string, action: string, subject: string, detail?: string): Promise<void> {
    await insertDoc(this.model, { _id: newUlid(), tenantId, at: new Date(), actor, action, subject, detail });
  }

  forSubject(tenantId: string, subject: string): Promise<AuditRecord[]> {
    return this.model.find({ tenantId, subject }).sort({ _id: 1 }).lean();
  }
}
