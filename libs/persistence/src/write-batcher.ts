import type { mongo } from 'mongoose';

/** Sends one batch; returns each item's own failure (undefined: done), or throws when the whole batch failed. */
export type SendBatch<T> = (items: T[]) => Promise<Array<unknown | undefined>>;

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for one kind of write to one collection. Callers submit one item each and get that item's own
 * outcome; items that arrive while batches are in flight go out together. Nothing waits on a timer: a lone
 * item is sent on the next turn of the event loop, so batching only happens under load, and a batch grows
 * with the time the previous one took.
 *
 * Why: the local FerretDB pays per command far more than per document (FerretDB 1.24/PostgreSQL: ~1,400
 * single inserts/s from 32 concurrent callers against ~9,900 documents/s in batches of 32; docs/PERFORMANCE.md).
 * MongoDB serves batches as well.
 */
export class WriteBatcher<T> {
  private queue: Waiting<T>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly send: SendBatch<T>,
    private readonly maxBatch: number,
    private readonly maxInFlight: number,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate, not a microtask: callers that start their writes in the same turn share a batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.inFlight++;
    this.schedule(); // what is left may go as the next batch in flight
    try {
      const failures = await this.send(batch.map((w) => w.item));
      batch.forEach((w, i) => (failures[i] === undefined ? w.resolve() : w.reject(failures[i])));
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}

/** Every document the hub writes has a string `_id`. */
export type IdDocument = mongo.Document & { _id: string };

/** What the batched writes need of a collection (the driver's, or mongoose's wrapper around it). */
export type BatchTarget = Pick<mongo.Collection<IdDocument>, 'insertOne' | 'insertMany'>;

/** The error one document of a batch failed with (the server's write error for that document). */
export class DocumentInsertError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
    this.name = 'DocumentInsertError';
  }
}

interface WriteErrorLike {
  index: number;
  code?: number;
  errmsg?: string;
}

/**
 * Inserts as one unordered `insertMany`: every document that can be inserted is, and each failure comes back
 * with its index, so one duplicate never fails its neighbours (MongoDB and FerretDB alike).
 */
export function insertBatches(collection: BatchTarget): WriteBatcher<IdDocument> {
  return new WriteBatcher<IdDocument>(
    async (docs) => {
      try {
        if (docs.length === 1) await collection.insertOne(docs[0]);
        else await collection.insertMany(docs, { ordered: false });
        return docs.map(() => undefined);
      } catch (e) {
        return failuresOf(docs.length, e);
      }
    },
    100,
    2,
  );
}

/** Each document's own outcome of a failed insert: its write error, success, or the batch's error. */
function failuresOf(count: number, e: unknown): Array<unknown | undefined> {
  const writeErrors = count > 1 ? writeErrorsOf(e) : undefined;
  if (!writeErrors) return Array.from({ length: count }, () => e);
  const byIndex = new Map(writeErrors.map((we) => [we.index, we]));
  // Documents without a write error were inserted, unless the server also reported a failure of the whole
  // write (a write-concern error): then they share that error, as a single insert would have thrown it.
  const wholeFailed = hasWriteConcernError(e);
  return Array.from({ length: count }, (_, i) => {
    const we = byIndex.get(i);
    if (we) return new DocumentInsertError(we.errmsg ?? `insert failed (code ${we.code})`, we.code);
    return wholeFailed ? e : undefined;
  });
}

function writeErrorsOf(e: unknown): WriteErrorLike[] | undefined {
  if (typeof e !== 'object' || e === null || !('writeErrors' in e)) return undefined;
  const raw = (e as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as WriteErrorLike[];
  return list.length > 0 && list.every((we) => typeof we.index === 'number') ? list : undefined;
}

function hasWriteConcernError(e: unknown): boolean {
  const result = (e as { result?: { hasWriteConcernError?: () => boolean } }).result;
  return typeof result?.hasWriteConcernError === 'function' && result.hasWriteConcernError();
}
