import { parse as secureParse } from 'secure-json-parse';

/** Bounds every parsed /v1 JSON body is held to before any handler code sees it. */
export interface JsonBounds {
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Longest array anywhere in the body. */
  maxArrayLength: number;
}

export const DEFAULT_JSON_BOUNDS: JsonBounds = { maxDepth: 32, maxArrayLength: 1000 };

/** Why a body was refused, for a 400 that names the problem. */
export class JsonBodyError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The nesting depth of a JSON text, read without parsing it (strings and escapes skipped), stopping as soon as
 * `limit` is passed: a 2,000-level body costs one pass over its bytes and never reaches the parser.
 */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function longestArray(value: unknown, limit: number, path: string): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > limit) return path || '(body)';
    for (let i = 0; i < value.length; i++) {
      const found = longestArray(value[i], limit, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = longestArray(v, limit, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Parses a /v1 JSON body the way Fastify's own parser does (secure-json-parse: `__proto__` and
 * `constructor.prototype` keys are refused, not silently dropped), after checking its depth, and then bounds
 * its arrays. Throws JsonBodyError with a message fit for the client.
 */
export function parseJsonBody(text: string, bounds: JsonBounds = DEFAULT_JSON_BOUNDS): unknown {
  if (exceedsDepth(text, bounds.maxDepth)) {
    throw new JsonBodyError(`request body is nested deeper than ${bounds.maxDepth} levels`, { maxDepth: bounds.maxDepth });
  }
  let value: unknown;
  try {
    value = secureParse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (e) {
    const message = (e as Error).message;
    if (/prototype|constructor/i.test(message)) {
      throw new JsonBodyError('request body contains a forbidden key ("__proto__" or "constructor.prototype")', { reason: 'prototype_poisoning' });
    }
    throw new JsonBodyError(`request body is not valid JSON: ${message}`);
  }
  const tooLong = longestArray(value, bounds.maxArrayLength, '');
  if (tooLong) {
    throw new JsonBodyError(`${tooLong} has more than ${bounds.maxArrayLength} elements`, { field: tooLong, maxArrayLength: bounds.maxArrayLength });
  }
  return value;
}
