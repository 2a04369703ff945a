import type { Model } from 'mongoose';
import { isDuplicateKey } from './mongo-errors';
import { insertBatches, type BatchTarget, type IdDocument, type WriteBatcher } from './write-batcher';

/** One insert batcher per collection. */
const inserters = new WeakMap<object, WriteBatcher<IdDocument>>();

function insertsInto(model: Model<unknown>): WriteBatcher<IdDocument> {
  let batcher = inserters.get(model.collection);
  if (!batcher) inserters.set(model.collection, (batcher = insertBatches(model.collection as unknown as BatchTarget)));
  return batcher;
}

/** Drops `undefined` values (at any depth of plain objects), so optional fields are absent rather than null. */
function defined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defined);
  if (value === null || typeof value !== 'object' || value instanceof Date || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, defined(v)]));
}

/**
 * Inserts through the driver, without building a mongoose document: the hot paths insert fully formed
 * records (typed by the repository), and skipping mongoose's casting and validation is most of their cost.
 * Concurrent inserts into one collection share a batch (write-batcher.ts). Throws an error with MongoDB's
 * duplicate-key code (11000) when a unique key is taken.
 */
export async function insertDoc<T>(model: Model<T>, doc: NoInfer<T>): Promise<void> {
  await insertsInto(model as Model<unknown>).submit(defined(doc) as IdDocument);
}

/** Inserts `doc` unless a document with one of its unique keys exists; true when this call inserted it. */
export async function insertOnce<T>(model: Model<T>, doc: NoInfer<T>): Promise<boolean> {
  try {
    await insertDoc(model, doc);
    return true;
  } catch (e) {
    if (isDuplicateKey(e)) return false;
    throw e;
  }
}
