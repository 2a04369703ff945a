/** Kind of the VendorEvent the poll stores for a cancelled interview. */
export const NC_CANCELLED_KIND = 'nc.interview.cancelled';

/** What the poll stores for a cancelled interview: the row exactly as NC returned it, and where it came from. */
export interface NcCancelledPayload {
  row: Record<string, unknown>;
  /** When the poll first saw it (ISO 8601); the cancellation time when the row has none. */
  detectedAt: string;
  source: { interface: string; operation: string };
}
