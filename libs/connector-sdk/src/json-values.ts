/** Tolerant readers of vendor JSON, shared by connectors: they never throw on an unexpected shape. */

/** The value as a plain object, else undefined (arrays and null are not objects here). */
export function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
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
