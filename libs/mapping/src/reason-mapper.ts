import { REASON_DETAILS, REASON_LABELS_ZH, type ReasonCode } from '@hub/schema';

export interface MappedReason {
  code: ReasonCode;
  detail?: string;
}

/** The hub's own labels read backwards: `时间冲突` → candidate_withdrew/time_conflict, and so on. */
const BUILT_IN: Record<string, MappedReason> = (() => {
  const out: Record<string, MappedReason> = {};
  for (const [code, details] of Object.entries(REASON_DETAILS) as [ReasonCode, readonly string[]][]) {
    out[REASON_LABELS_ZH[code]] = { code };
    out[code] = { code };
    for (const detail of details) {
      out[REASON_LABELS_ZH[detail as keyof typeof REASON_LABELS_ZH]] = { code, detail };
      out[detail] = { code, detail };
    }
  }
  return out;
})();

/**
 * Maps a vendor's raw reason value: the tenant's table first (exact, then case-insensitive), then
 * the hub's own codes and zh labels, then the configured default, then `other`.
 */
export function mapReason(raw: string, table: Record<string, MappedReason>, fallback?: MappedReason): MappedReason {
  const value = raw.trim();
  if (!value) return fallback ?? { code: 'other' };
  if (table[value]) return table[value];
  const lower = value.toLowerCase();
  const ci = Object.entries(table).find(([k]) => k.toLowerCase() === lower);
  if (ci) return ci[1];
  return BUILT_IN[value] ?? BUILT_IN[lower] ?? fallback ?? { code: 'other' };
}
