import { createHash } from 'node:crypto';
import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { insertDoc } from './inserts';
import { isDuplicateKey } from './mongo-errors';

/**
 * The interview-history archive (历史面试): append-only, one hash chain per tenant, so a later
 * dispute can show the record was not altered. `hash = sha256(prevHash + "\n" + entry)`.
 * `_id` = `tenant|seq`: the unique key is what makes two appenders unable to take one place in the chain.
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

/** Where a tenant's chain ends, so an append never has to look for the end of an ever-growing archive. */
interface ArchiveHead {
  _id: string;
  seq: number;
  hash: string;
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
archiveSchema.index({ tenantId: 1, cancellationId: 1 });

const headSchema = new Schema<ArchiveHead>({ _id: String, seq: { type: Number, required: true }, hash: { type: String, required: true } }, { collection: 'archive_heads', versionKey: false });

export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(prevHash: string, entry: string): string {
  return createHash('sha256').update(`${prevHash}\n${entry}`).digest('hex');
}

const MAX_APPEND_TRIES = 50;

export class ArchiveRepository {
  readonly model: Model<ArchiveEntry>;
  readonly heads: Model<ArchiveHead>;
  /** This process's view of each tenant's chain end, and a queue that serializes its own appends per tenant. */
  private readonly known = new Map<string, { seq: number; hash: string }>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(db: MongoConnection) {
    this.model = db.model<ArchiveEntry>('ArchiveEntry', archiveSchema);
    this.heads = db.model<ArchiveHead>('ArchiveHead', headSchema);
  }

  /**
   * Appends one entry to the tenant's chain. Appends of this process run one at a time per tenant; another
   * process appending at the same moment makes the insert at `seq` fail on its unique key, and this one moves
   * on along the chain. Callers that may be repeating an append check `exists` first.
   */
  append(tenantId: string, cancellationId: string, kind: string, entry: string): Promise<ArchiveEntry> {
    const previous = this.queues.get(tenantId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.appendNow(tenantId, cancellationId, kind, entry));
    this.queues.set(tenantId, next);
    void next.finally(() => {
      if (this.queues.get(tenantId) === next) this.queues.delete(tenantId);
    }).catch(() => undefined);
    return next;
  }

  private async appendNow(tenantId: string, cancellationId: string, kind: string, entry: string): Promise<ArchiveEntry> {
    let head = this.known.get(tenantId) ?? (await this.readHead(tenantId));
    for (let attempt = 0; attempt < MAX_APPEND_TRIES; attempt++) {
      const seq = head.seq + 1;
      const doc: ArchiveEntry = { _id: `${tenantId}|${seq}`, tenantId, seq, cancellationId, kind, entry, prevHash: head.hash, hash: chainHash(head.hash, entry), at: new Date() };
      try {
        await insertDoc(this.model, doc);
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        // Someone else holds `seq`: continue from their entry.
        const taken = await this.model.findOne({ tenantId, seq }, { seq: 1, hash: 1 }).lean();
        head = taken ? { seq: taken.seq, hash: taken.hash } : await this.readHead(tenantId);
        continue;
      }
      this.known.set(tenantId, { seq, hash: doc.hash });
      await this.heads.updateOne({ _id: tenantId }, { $set: { seq, hash: doc.hash } }, { upsert: true });
      return doc;
    }
    this.known.delete(tenantId);
    throw new Error(`archive append for tenant ${tenantId} lost ${MAX_APPEND_TRIES} races in a row`);
  }

  /** The stored chain end; without one (first append, or an archive older than heads), the highest entry. */
  private async readHead(tenantId: string): Promise<{ seq: number; hash: string }> {
    const head = await this.heads.findById(tenantId).lean();
    if (head) return { seq: head.seq, hash: head.hash };
    const last = await this.model.findOne({ tenantId }, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  async exists(tenantId: string, cancellationId: string, kind: string): Promise<boolean> {
    return (await this.model.countDocuments({ tenantId, cancellationId, kind })) > 0;
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
