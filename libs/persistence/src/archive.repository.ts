import { createHash } from 'node:crypto';
import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { isDuplicateKey } from './mongo-errors';

/**
 * The interview-history archive (历史面试): append-only, one hash chain per tenant, so a later
 * dispute can show the record was not altered. `hash = sha256(prevHash + "\n" + entry)`.
 */
export interface ArchiveEntry {
  _id: string;
  tenantId: string;
  seq: number;
  cancellationId: string;
  kind: string;
  /** The archived facts as JSON text. */
  entry: string;
  prevHash: string;
  hash: string;
  at: Date;
}

const archiveSchema = new Schema<ArchiveEntry>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    seq: { type: Number, required: true },
    cancellationId: { type: String, required: true },
    kind: { type: String, required: true },
    entry: { type: String, required: true },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'archive', versionKey: false },
);
archiveSchema.index({ tenantId: 1, seq: 1 }, { unique: true });

export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(prevHash: string, entry: string): string {
  return createHash('sha256').update(`${prevHash}\n${entry}`).digest('hex');
}

export class ArchiveRepository {
  readonly model: Model<ArchiveEntry>;

  constructor(db: MongoConnection) {
    this.model = db.model<ArchiveEntry>('ArchiveEntry', archiveSchema);
  }

  /**
   * Appends once per (cancellation, kind): `_id` is derived from them, so a retried ingest finds
   * its entry. Concurrent appends race on the (tenant, seq) unique index and retry.
   */
  async append(tenantId: string, cancellationId: string, kind: string, entry: string): Promise<ArchiveEntry> {
    const _id = `${tenantId}|${cancellationId}|${kind}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      const existing = await this.model.findById(_id).lean();
      if (existing) return existing;
      const last = await this.model.findOne({ tenantId }).sort({ seq: -1 }).lean();
      const prevHash = last?.hash ?? GENESIS_HASH;
      const doc: ArchiveEntry = { _id, tenantId, seq: (last?.seq ?? 0) + 1, cancellationId, kind, entry, prevHash, hash: chainHash(prevHash, entry), at: new Date() };
      try {
        await this.model.create(doc);
        return doc;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    }
    throw new Error(`archive append for tenant ${tenantId} lost 20 races in a row`);
  }

  forCancellation(tenantId: string, cancellationId: string): Promise<ArchiveEntry[]> {
    return this.model.find({ tenantId, cancellationId }).sort({ seq: 1 }).lean();
  }

  /** Recomputes the tenant's chain; returns the first broken seq, or undefined if intact. */
  async verifyChain(tenantId: string): Promise<number | undefined> {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    for await (const e of this.model.find({ tenantId }).sort({ seq: 1 }).lean().cursor()) {
      if (e.seq !== expectedSeq || e.prevHash !== prev || e.hash !== chainHash(prev, e.entry)) return e.seq;
      prev = e.hash;
      expectedSeq++;
    }
    return undefined;
  }
}
