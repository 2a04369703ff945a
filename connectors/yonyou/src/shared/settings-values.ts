import { record, text } from '@hub/connector-sdk';

/**
 * Tolerant readers of connection settings and vendor JSON, shared by the Yonyou connectors. Settings are validated
 * by their JSON Schema at config load; these readers apply defaults and never throw on a value the schema refused.
 */

export { readPath, record, text } from '@hub/connector-sdk';

/** An integer clamped to [min, max], or `fallback` when the value is not an integer. */
export function int(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** The non-empty strings (numbers as text) of an array, or `fallback` when the value is not an array. */
export function strings(v: unknown, fallback: readonly string[]): string[] {
  return Array.isArray(v) ? v.map(text).filter((s): s is string => !!s) : [...fallback];
}

/** `v` when it is one of `allowed`, else `fallback`. */
export function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** A string → string map (numbers as text), or `fallback` when the value is not an object. */
export function stringMap(v: unknown, fallback: Readonly<Record<string, string>>): Record<string, string> {
  const r = record(v);
  if (!r) return { ...fallback };
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(r)) {
    const t = text(value);
    if (t !== undefined) out[k] = t;
  }
  return out;
}

/** A base URL without trailing slashes. */
export function baseUrl(v: unknown, fallback?: string): string | undefined {
  return (text(v) ?? fallback)?.replace(/\/+$/, '');
}

