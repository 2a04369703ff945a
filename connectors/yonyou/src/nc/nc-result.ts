import { ConnectorError } from '@hub/connector-sdk';
import { readPath, record, text } from '../shared';
import type { NcResultSpec } from './nc-settings';

/** What an operation's `<return>` said, once read as configured. */
export interface NcResult {
  /** NC said it had already applied this idempotency key (a code configured as `duplicate`). */
  duplicate: boolean;
  message?: string;
  /** The data field (JSON) or the whole text (text format). */
  data?: unknown;
  /** The receipt reference: `refField` of the data. */
  ref?: string;
  code?: string;
}

const TRUE = new Set(['true', 'y', 'yes', '1', 'success', 'ok']);

function truthy(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && TRUE.has(v.trim().toLowerCase()));
}

/**
 * Reads the `<return>` of a call (NC custom interfaces usually answer JSON text: `{"success":false,"message":"部门编码重复；…"}`,
 * `{"code":200,"message":"query success","success":true,"data":…}` [NC.md sources]). Success is `successField` when
 * present, else `codeField` ∈ `successCodes`, else (neither field) success. A failure throws: its code's configured
 * kind, else INVALID (NC refused the data; sending it again changes nothing). Pure.
 */
export function readResult(ret: unknown, spec: NcResultSpec, where: string): NcResult {
  const raw = typeof ret === 'string' ? ret : ret === undefined || ret === null ? '' : JSON.stringify(ret);
  if (spec.format === 'text') {
    if (spec.failurePattern?.test(raw)) throw new ConnectorError('INVALID', `${where}: NC answered a failure: ${raw.slice(0, 300)}`, { ambiguous: false });
    return { duplicate: false, message: raw || undefined, data: raw };
  }
  let parsed: unknown;
  try {
    parsed = typeof ret === 'string' ? JSON.parse(raw) : ret;
  } catch {
    // The call ran, but what it did cannot be read: a write may have been applied, so say so.
    throw new ConnectorError('PERMANENT', `${where}: <return> is not JSON (set result.format: text if the interface answers text): ${raw.slice(0, 200)}`, { ambiguous: true });
  }
  const body = record(parsed);
  if (!body) return { duplicate: false, data: parsed };
  const code = text(readPath(body, spec.codeField));
  const message = text(readPath(body, spec.messageField));
  const successValue = readPath(body, spec.successField);
  const succeeded = successValue !== undefined ? truthy(successValue) : code !== undefined ? spec.successCodes.includes(code) : true;
  const kind = code !== undefined ? spec.codeKinds[code] : undefined;
  const data = readPath(body, spec.dataField);
  if (kind === 'duplicate') return { duplicate: true, message, data, code, ref: text(readPath(data, spec.refField)) };
  if (!succeeded) {
    const details = { vendorCode: code, ambiguous: false };
    throw new ConnectorError(kind ?? 'INVALID', `${where}: NC refused${code ? ` (code ${code})` : ''}: ${message ?? raw.slice(0, 300)}`, details);
  }
  return { duplicate: false, message, data, code, ref: text(readPath(data, spec.refField)) };
}
