import { ConnectorError, retryAfterMs, type ConnectorErrorKind } from '@hub/connector-sdk';

/**
 * DingTalk error answers → the hub's error taxonomy (sources: doc server-api-error-codes-1,
 * doc call-frequency-limit, doc query-the-interview-list). Legacy oapi answers HTTP 200 with a non-zero
 * `errcode`; v1.0 answers a real HTTP status with `{code, message, requestid}`; the per-IP ban answers an
 * HTML page or `{status: 1111, punish: "deny"}`.
 */

/** How long the per-IP ban lasts (doc call-frequency-limit). */
export const IP_BAN_RETRY_MS = 5 * 60_000;
/** Default wait for throttling answers that carry no Retry-After. */
export const DEFAULT_THROTTLE_RETRY_MS = 1_000;

/** Legacy `errcode` values meaning "too many calls" (90002 global, 90005/90006/90018 per app/corp, 41047/41048 messages, 88 system limit). */
export const RATE_LIMIT_ERRCODES: ReadonlySet<number> = new Set([88, 90002, 90005, 90006, 90018, 41047, 41048]);
/** Legacy `errcode` values meaning the access token is missing, invalid or expired. */
export const AUTH_ERRCODES: ReadonlySet<number> = new Set([40000, 40001, 40014, 41001, 42001]);
/** Legacy `errcode` values no retry or refresh can fix: no API permission (60011), IP not allow-listed (60020). */
export const PERMANENT_ERRCODES: ReadonlySet<number> = new Set([60011, 60020]);
/** Legacy `errcode` used by oapi as a generic "not found" (60121). */
export const NOT_FOUND_ERRCODES: ReadonlySet<number> = new Set([60121]);
/** Legacy `errcode` values meaning "system busy, try again". */
export const TEMPORARY_ERRCODES: ReadonlySet<number> = new Set([-1]);

/** A vendor answer as the HTTP layer saw it. */
export interface DingTalkAnswer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function parseMaybeJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  const trimmed = data.trim();
  if (!trimmed.startsWith('{')) return data;
  try {
    return JSON.parse(trimmed);
  } catch {
    return data;
  }
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

function error(kind: ConnectorErrorKind, message: string, details: ConnectorError['details']): ConnectorError {
  return new ConnectorError(kind, message, details);
}

/** True for the per-IP ban answer: an HTML page, or JSON with `status: 1111` / `punish: "deny"`. */
export function isIpBan(data: unknown): boolean {
  if (typeof data === 'string') {
    const t = data.trim().toLowerCase();
    if (t.startsWith('<!doctype html') || t.startsWith('<html') || t.includes('<body')) return true;
  }
  const body = asRecord(parseMaybeJson(data));
  return !!body && (body.status === 1111 || body.status === '1111' || body.punish === 'deny');
}

function ipBan(status: number): ConnectorError {
  return error('RATE_LIMITED', 'DingTalk banned this egress IP (per-IP limit); retry after 5 minutes', {
    vendorCode: 'ip-ban',
    httpStatus: status,
    retryAfterMs: IP_BAN_RETRY_MS,
  });
}

/** The oapi gateway's own error code; the reason, when there is one, is in `sub_code`. */
export const GATEWAY_ERRCODE = 88;

function legacySubCodeKind(subCode: number): ConnectorErrorKind {
  const kind = legacyErrcodeKind(subCode);
  return kind === 'INVALID' ? 'RATE_LIMITED' : kind;
}

/** Kind of a legacy (oapi) `errcode`. */
export function legacyErrcodeKind(errcode: number): ConnectorErrorKind {
  if (RATE_LIMIT_ERRCODES.has(errcode)) return 'RATE_LIMITED';
  if (AUTH_ERRCODES.has(errcode)) return 'AUTH_EXPIRED';
  if (TEMPORARY_ERRCODES.has(errcode)) return 'TEMPORARY';
  if (PERMANENT_ERRCODES.has(errcode)) return 'PERMANENT';
  if (NOT_FOUND_ERRCODES.has(errcode)) return 'NOT_FOUND';
  return 'INVALID';
}

/**
 * Checks a legacy oapi answer; returns undefined on success (`errcode` 0) or the error to throw.
 * A non-200 status without a DingTalk envelope is read like a v1.0 status.
 */
export function legacyError(answer: DingTalkAnswer, what: string): ConnectorError | undefined {
  if (isIpBan(answer.data)) return ipBan(answer.status);
  const body = asRecord(parseMaybeJson(answer.data));
  const errcode = body ? Number(body.errcode) : NaN;
  if (!Number.isFinite(errcode)) {
    if (answer.status >= 200 && answer.status < 300) {
      return error('TEMPORARY', `${what}: answer has no errcode`, { httpStatus: answer.status });
    }
    return v1Error(answer, what);
  }
  if (errcode === 0) return undefined;
  // The oapi gateway answers errcode 88 for its own refusals and puts the real reason in `sub_code`
  // (e.g. 40014 for a bad token); 88 without a known sub_code is the "called too fast" refusal.
  const subCode = errcode === GATEWAY_ERRCODE ? Number(body?.sub_code) : NaN;
  const effective = Number.isFinite(subCode) && subCode !== 0 ? subCode : errcode;
  const kind = effective === errcode ? legacyErrcodeKind(errcode) : legacySubCodeKind(effective);
  const message = `${what}: errcode ${errcode}${effective !== errcode ? ` (sub_code ${effective})` : ''} ${typeof body?.errmsg === 'string' ? body.errmsg : ''}`.trim();
  return error(kind, message, {
    vendorCode: effective === errcode ? String(errcode) : `${errcode}/${effective}`,
    httpStatus: answer.status,
    retryAfterMs: kind === 'RATE_LIMITED' ? (retryAfterMs(header(answer.headers, 'retry-after')) ?? DEFAULT_THROTTLE_RETRY_MS) : undefined,
  });
}

function isThrottleCode(code: string): boolean {
  return /qpslimit|throttl|flowcontrol|ratelimit|quotaexceed/i.test(code);
}

function isAuthCode(code: string): boolean {
  return /invalidauthentication|accesstoken(expired|invalid)|tokenexpired|invalidtoken|unauthorized/i.test(code);
}

/** Checks a v1.0 answer; returns undefined on 2xx or the error to throw. */
export function v1Error(answer: DingTalkAnswer, what: string): ConnectorError | undefined {
  const { status } = answer;
  if (isIpBan(answer.data)) return ipBan(status);
  if (status >= 200 && status < 300) return undefined;
  const body = asRecord(parseMaybeJson(answer.data));
  const code = typeof body?.code === 'string' ? body.code : '';
  const text = typeof body?.message === 'string' ? body.message : '';
  const message = `${what}: HTTP ${status}${code ? ` ${code}` : ''}${text ? ` ${text}` : ''}`;
  const details = { vendorCode: code || undefined, httpStatus: status };
  const retryAfter = retryAfterMs(header(answer.headers, 'retry-after'));

  if (status === 429 || isThrottleCode(code)) {
    return error('RATE_LIMITED', message, { ...details, retryAfterMs: retryAfter ?? DEFAULT_THROTTLE_RETRY_MS });
  }
  if (status === 401 || isAuthCode(code)) return error('AUTH_EXPIRED', message, details);
  if (status === 403) return error('PERMANENT', message, details);
  if (status === 404) return error('NOT_FOUND', message, details);
  if (status === 408) return error('TEMPORARY', message, details);
  if (status >= 500) return error('TEMPORARY', message, { ...details, retryAfterMs: retryAfter });
  return error('INVALID', message, details);
}
