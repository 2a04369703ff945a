/** True for MongoDB's duplicate-key error (E11000), which keyed idempotent writes expect. */
export function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: number }).code === 11000;
}
