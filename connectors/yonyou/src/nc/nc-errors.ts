import { ConnectorError, isOutboundRefusal, retryAfterMs, type ConnectorErrorKind } from '@hub/connector-sdk';
import { record, text } from '../shared';
import type { NcFaultRule } from './nc-settings';

/**
 * NC answers → the hub's error taxonomy, in one place (NC.md "Errors"). A SOAP fault is an answer: NC's container
 * rolled the call's transaction back, so it is not ambiguous. Only a call that may have run without its answer
 * reaching us (timeout, reset connection, a gateway's 502/504) is `ambiguous`.
 */

/** A SOAP fault as read from the envelope (SOAP 1.1 faultcode/faultstring, or 1.2 Code/Reason). */
export interface NcFault {
  faultcode: string;
  faultstring: string;
  detail?: string;
}

/** Throttling answers without Retry-After wait this long. */
export const DEFAULT_RETRY_MS = 1_000;

/** WS-Security fault codes (OASIS WSS 1.0 §12) meaning the credentials were refused: no retry fixes that. */
const SECURITY_FAULTS = new Set(['FailedAuthentication', 'InvalidSecurity', 'InvalidSecurityToken', 'FailedCheck', 'SecurityTokenUnavailable', 'UnsupportedSecurityToken', 'MessageExpired']);

/** Network error codes proving the request never reached NC. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);
const TIMED_OUT = new Set(['ETIMEDOUT', 'ECONNABORTED']);

function localName(code: string): string {
  return code.slice(code.lastIndexOf(':') + 1);
}

function valueOf(v: unknown): string | undefined {
  return text(v) ?? text(record(v)?.$value);
}

/** The fault inside a soap error's parsed envelope (`error.root`), if there is one. */
export function faultOf(e: unknown): NcFault | undefined {
  const fault = record(record(record(record(record(e)?.root)?.Envelope)?.Body)?.Fault);
  if (!fault) return undefined;
  const code = valueOf(fault.faultcode) ?? valueOf(record(fault.Code)?.Value) ?? 'Server';
  const reason = valueOf(fault.faultstring) ?? valueOf(record(fault.Reason)?.Text) ?? '';
  const detail = fault.detail ?? fault.Detail;
  return { faultcode: code, faultstring: reason, ...(detail ? { detail: typeof detail === 'string' ? detail : JSON.stringify(detail) } : {}) };
}

/** Kind of a SOAP fault: the tenant's rules first, then WS-Security refusals, Client/Sender, Server/Receiver. */
export function faultKind(fault: NcFault, rules: readonly NcFaultRule[]): ConnectorErrorKind {
  const said = `${fault.faultcode} ${fault.faultstring}`;
  const rule = rules.find((r) => r.match.test(said));
  if (rule) return rule.kind;
  const code = localName(fault.faultcode);
  if (SECURITY_FAULTS.has(code)) return 'PERMANENT';
  if (/^(Client|Sender)(\.|$)/.test(code)) return 'INVALID';
  return 'TEMPORARY';
}

export function faultError(fault: NcFault, where: string, rules: readonly NcFaultRule[], httpStatus?: number): ConnectorError {
  const kind = faultKind(fault, rules);
  const refused = kind === 'PERMANENT' && SECURITY_FAULTS.has(localName(fault.faultcode)) ? ' (credentials refused: check username/password and settings auth)' : '';
  return new ConnectorError(kind, `${where}: SOAP fault ${fault.faultcode}: ${fault.faultstring}${refused}`, {
    vendorCode: fault.faultcode,
    httpStatus,
    ambiguous: false,
    ...(kind === 'RATE_LIMITED' ? { retryAfterMs: DEFAULT_RETRY_MS } : {}),
  });
}

/** An HTTP answer that is not a SOAP envelope (a gateway page, a servlet error). */
export function httpError(status: number, headers: Record<string, unknown>, where: string): ConnectorError {
  const retry = retryAfterMs(headers['retry-after']);
  const details = { httpStatus: status, vendorCode: `HTTP ${status}` };
  const say = (kind: ConnectorErrorKind, why: string, more: Partial<ConnectorError['details']> = {}) => new ConnectorError(kind, `${where}: HTTP ${status} ${why}`, { ...details, ...more });
  if (status === 429) return say('RATE_LIMITED', '(throttled)', { retryAfterMs: retry ?? DEFAULT_RETRY_MS, ambiguous: false });
  if (status === 401 || status === 403) return say('PERMANENT', '(refused: credentials or address not allowed)', { ambiguous: false });
  if (status === 404) return say('PERMANENT', `(nothing published there: check baseUrl, servicePath and the interface name)`, { ambiguous: false });
  if (status === 408) return say('TEMPORARY', '(request timeout)', { ambiguous: true });
  if (status >= 500) return say('TEMPORARY', '(server error)', { retryAfterMs: retry, ambiguous: status === 502 || status === 504 });
  if (status >= 200 && status < 300) return say('PERMANENT', '(the answer is not a SOAP envelope)', { ambiguous: true });
  return say('INVALID', '(request refused)', { ambiguous: false });
}

function codeOf(e: unknown): string {
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
  }
  return '';
}

/** A call that got no HTTP answer at all. */
export function transportError(e: unknown, where: string, timeoutMs: number): ConnectorError {
  if (isOutboundRefusal(e)) return new ConnectorError('PERMANENT', `${where}: address not allowed by the hub's outbound policy (hub.yaml outbound.allow): ${(e as Error).message}`, { ambiguous: false });
  const code = codeOf(e);
  if (TIMED_OUT.has(code)) return new ConnectorError('TEMPORARY', `${where}: no answer within ${timeoutMs}ms`, { ambiguous: true });
  return new ConnectorError('TEMPORARY', `${where}: ${code || 'connection failed'} ${(e as Error)?.message ?? ''}`.trim(), { ambiguous: !NOT_SENT.has(code) });
}

/**
 * Any failure of a SOAP call made with the `soap` client: a fault in the envelope, else the HTTP status of an answer
 * that was no envelope, else the transport.
 */
export function soapCallError(e: unknown, where: string, rules: readonly NcFaultRule[], timeoutMs: number): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const fault = faultOf(e);
  const response = record(record(e)?.response);
  const status = typeof response?.status === 'number' ? response.status : undefined;
  if (fault) return faultError(fault, where, rules, status);
  if (status !== undefined) return httpError(status, record(response?.headers) ?? {}, where);
  return transportError(e, where, timeoutMs);
}
