/** Tolerant readers of vendor JSON, shared by connectors: they never throw on an unexpected shape. */

/** The value as a plain object, else undefined (arrays and null are not objects here). */
export function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** A non-empty trimmed string, or a finite number as text; otherwise undefined. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Reads a dotted path (`candidate.mobile`) from a JSON value, following values that are JSON text on the way
 * (vendors often send objects as strings: DingTalk's `data`, Yonyou's `userObject`).
 */
export function readPath(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const key of path.split('.')) {
    if (typeof current === 'string') {
      try {
        current = JSON.parse(current);
      } catch {
        return undefined;
      }
    }
    const r = record(current);
    if (!r) return undefined;
    current = r[key];
  }
  return current;
}
