import { Schema, type Connection as MongoConnection, type Model } from 'mongoose';
import { insertDoc, insertOnce } from './inserts';
import { isDuplicateKey } from './mongo-errors';

/**
 * Where a link came from: the event that first named it, a receipt of an effect that created it in a
 * target, the target connector's `resolve`, the tenant config's identity tables, or the API.
 */
export type LinkSource = 'origin' | 'receipt' | 'resolve' | 'config' | 'api';

/**
 * The cross-system identity store. Two insert-only documents per link:
 * - forward `f|tenant|connection|kind|externalId` → hub id: which hub entity a vendor id belongs to;
 * - reverse `r|tenant|kind|hubId|connection` → external id: a hub entity's id in one connection.
 * Both are claimed by unique `_id` inserts (never find-then-create): concurrent claims of one key agree
 * on a single winner. Identity facts such as a phone number are forward links of pseudo-connections
 * (`@phone`, `@email`, `@employee`), so matching by them is the same unique-key claim.
 */
export interface LinkRecord {
  _id: string;
  tenantId: string;
  dir: 'f' | 'r';
  kind: string;
  connectionId: string;
  externalId: string;
  hubId: string;
  source: LinkSource;
  at: Date;
}

const linkSchema = new Schema<LinkRecord>(
  {
    _id: String,
    tenantId: { type: String, required: true },
    dir: { type: String, required: true },
    kind: { type: String, required: true },
    connectionId: { type: String, required: true },
    externalId: { type: String, required: true },
    hubId: { type: String, required: true },
    source: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'links', versionKey: false },
);
linkSchema.index({ tenantId: 1, kind: 1, hubId: 1 });

/** A vendor's (or fact's) id of one thing. */
export interface LinkKey {
  tenantId: string;
  kind: string;
  connectionId: string;
  externalId: string;
}

/** Identity facts (phone, email…) are pseudo-connections whose names start with `@`. */
export const isFact = (k: Pick<LinkKey, 'connectionId'>): boolean => k.connectionId.startsWith('@');

export const forwardLinkId = (k: LinkKey): string => `f|${k.tenantId}|${k.connectionId}|${k.kind}|${k.externalId}`;
export const reverseLinkId = (tenantId: string, kind: string, hubId: string, connectionId: string): string => `r|${tenantId}|${kind}|${hubId}|${connectionId}`;

/** Outcome of a claim: the hub id the key belongs to, and whether this call created the link. */
export interface Claim {
  hubId: string;
  created: boolean;
}

export class LinkRepository {
  readonly model: Model<LinkRecord>;

  constructor(db: MongoConnection) {
    this.model = db.model<LinkRecord>('LinkRecord', linkSchema);
  }

  /** The hub id a vendor id belongs to, if linked, and when that link was made. */
  async find(key: LinkKey): Promise<{ hubId: string; at: Date } | undefined> {
    const found = await this.model.findById(forwardLinkId(key), { hubId: 1, at: 1 }).lean();
    return found ? { hubId: found.hubId, at: found.at } : undefined;
  }

  /** A hub entity's id in one connection, if linked. */
  async externalIdOf(tenantId: string, kind: string, hubId: string, connectionId: string): Promise<string | undefined> {
    return (await this.model.findById(reverseLinkId(tenantId, kind, hubId, connectionId), { externalId: 1 }).lean())?.externalId;
  }

  /**
   * Ties `key` to `hubId` unless it is tied already: the first claim wins, and every caller learns the
   * winner. Only real connections get a reverse link (facts such as `@phone` do not).
   */
  async claim(key: LinkKey, hubId: string, source: LinkSource): Promise<Claim> {
    const now = new Date();
    try {
      await insertDoc(this.model, { _id: forwardLinkId(key), dir: 'f', ...key, hubId, source, at: now });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const winner = await this.find(key);
      if (!winner) throw e;
      // The winner may have died between its two inserts: make sure the reverse link exists.
      if (!isFact(key)) await this.claimReverse(key, winner.hubId, source, now);
      return { hubId: winner.hubId, created: false };
    }
    if (!isFact(key)) await this.claimReverse(key, hubId, source, now);
    return { hubId, created: true };
  }

  /** Records the hub entity's id in a connection, keeping an earlier one if there is (one id per system). */
  async claimReverse(key: LinkKey, hubId: string, source: LinkSource, at = new Date()): Promise<void> {
    const doc: LinkRecord = { _id: reverseLinkId(key.tenantId, key.kind, hubId, key.connectionId), dir: 'r', ...key, hubId, source, at };
    await insertOnce(this.model, doc);
  }

  /** Every link of one hub entity (both directions), for the API. */
  forHubId(tenantId: string, kind: string, hubId: string): Promise<LinkRecord[]> {
    return this.model.find({ tenantId, kind, hubId }).sort({ _id: 1 }).lean();
  }
}
