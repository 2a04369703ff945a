import type { Model } from 'mongoose';

/** True for MongoDB's duplicate-key error (E11000), which keyed idempotent writes expect. */
export function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;
}

/** Inserts `doc` unless a document with one of its unique keys exists; true when this call inserted it. */
export async function insertOnce<T>(model: Model<T>, doc: T): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}
