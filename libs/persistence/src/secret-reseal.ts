import type { Connection as MongoConnection } from 'mongoose';
import { SEALED_FIELDS, type SealedField } from './sealed-fields';
import type { SecretCipher } from './secret-cipher';

/** Where the sealed values are: read them page by page, replace one only while it still holds what was read. */
export interface SealedValueStore {
  page(field: SealedField, afterId: string, limit: number): Promise<{ id: string; sealed: string }[]>;
  /** Writes `next` where the record still holds `previous`; false when it changed meanwhile (or is gone). */
  replace(field: SealedField, id: string, previous: string, next: string): Promise<boolean>;
  current(field: SealedField, id: string): Promise<string | undefined>;
}

export interface ResealReport {
  /** Opened under an old key (or the legacy format) and sealed again under the current key. */
  resealed: number;
  /** Already under the current key in the current format (and opening for its record). */
  skipped: number;
  /** Could not be opened with any key this process holds (or changed while being re-sealed): still as they were. */
  failed: number;
  failures: { binding: string; reason: string }[];
}

const PAGE = 200;

/**
 * Re-seals every sealed value of the database under the cipher's current key, bound to its record: each
 * one is opened with whichever key sealed it and written back only if it is still what was read (no
 * transactions needed; a record changed meanwhile is left alone). Values already current are opened too (one
 * that does not open for its record is reported) and left as they are, so it can run again after a failure or
 * an interruption.
 */
export async function resealSecrets(store: SealedValueStore, cipher: SecretCipher, onProgress: (r: ResealReport) => void = () => undefined): Promise<ResealReport> {
  const report: ResealReport = { resealed: 0, skipped: 0, failed: 0, failures: [] };
  for (const field of SEALED_FIELDS) {
    for (let after = '', rows = await store.page(field, after, PAGE); rows.length; rows = await store.page(field, after, PAGE)) {
      for (const { id, sealed } of rows) await resealOne(store, cipher, field, id, sealed, report);
      after = rows[rows.length - 1].id;
      onProgress(report);
    }
  }
  return report;
}

async function resealOne(store: SealedValueStore, cipher: SecretCipher, field: SealedField, id: string, sealed: string, report: ResealReport): Promise<void> {
  const binding = field.binding(id);
  let plain: string;
  try {
    plain = cipher.open(sealed, binding); // also a current value: one that does not open for its record is reported
  } catch (e) {
    report.failed++;
    report.failures.push({ binding, reason: (e as Error).message });
    return;
  }
  if (cipher.isCurrent(sealed)) {
    report.skipped++;
    return;
  }
  if (await store.replace(field, id, sealed, cipher.seal(plain, binding))) {
    report.resealed++;
    return;
  }
  const now = await store.current(field, id);
  if (now === undefined || cipher.isCurrent(now)) report.skipped++;
  else {
    report.failed++;
    report.failures.push({ binding, reason: 'changed while being re-sealed: run the re-seal again' });
  }
}

/** The store over MongoDB: `_id`-keyed pages and conditional single-document updates (FerretDB-safe). */
export function mongoSealedValues(db: MongoConnection): SealedValueStore {
  type Doc = { _id: string } & Record<string, unknown>;
  const coll = (f: SealedField) => db.collection<Doc>(f.collection);
  return {
    async page(field, afterId, limit) {
      const docs = await coll(field)
        .find({ _id: { $gt: afterId }, [field.field]: { $type: 'string' } }, { projection: { _id: 1, [field.field]: 1 } })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map((d) => ({ id: d._id, sealed: d[field.field] as string }));
    },
    async replace(field, id, previous, next) {
      const res = await coll(field).updateOne({ _id: id, [field.field]: previous }, { $set: { [field.field]: next } });
      return res.matchedCount === 1;
    },
    async current(field, id) {
      const doc = await coll(field).findOne({ _id: id }, { projection: { [field.field]: 1 } });
      return doc ? (doc[field.field] as string) : undefined;
    },
  };
}
