import { ConnectorError, retryAfterMs, type ConnectorErrorKind } from '@hub/connector-sdk';

/**
 * U8 answers → the hub's error taxonomy. U8 answers HTTP 200 with `errcode` "0" on success and another `errcode`
 * plus `errmsg` on failure [Y6 callers; official C# SDK `ApiResponse.IsError`: errcode empty or "0" is success].
 * Yonyou publishes no errcode list: only 30021 此应用未上线 appears in its docs, so every errcode set is a setting
 * (connection `errcodes`), defaulting to the simulator's values (UNCONFIRMED, U8.md "Errors").
 */
export interface U8ErrcodeSettings {
  /** Token missing/invalid/expired → AUTH_EXPIRED: the token is fetched again and the call retried once. */
  auth: string[];
  rateLimited: string[];
  /** The tradeid was refused (unknown or used) → TEMPORARY: the next attempt fetches a new one; nothing was applied. */
  tradeid: string[];
  /** U8 or its client proxy on the enterprise's server is unavailable → TEMPORARY. */
  temporary: string[];
  /** Retrying cannot help (app offline 30021, app_key unknown, account not authorised) → PERMANENT. */
  permanent: string[];
  /** The resource already holds this code → the effect was applied before (receipt `duplicate`). */
  duplicate: string[];
  /** `get`: no record with this code. */
  notFound: string[];
  /** Pattern of an `errmsg` meaning "code already exists" when the errcode is not in `duplicate`. */
  duplicatePattern: string;
}

export const DEFAULT_U8_ERRCODES: Readonly<U8ErrcodeSettings> = {
  auth: ['30002'],
  rateLimited: ['30050'],
  tradeid: ['30031'],
  temporary: ['30060'],
  permanent: ['30001', '30003', '30021', '30022'],
  duplicate: ['20002'],
  notFound: ['20001'],
  duplicatePattern: '已存在|重复',
};

/** Default wait after a throttling answer without Retry-After. */
export const DEFAULT_THROTTLE_RETRY_MS = 1_000;

/** A vendor answer as the HTTP layer saw it. */
export interface U8Answer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

export type U8FailureKind = ConnectorErrorKind | 'duplicate' | 'not_found';

export interface U8Failure {
  kind: U8FailureKind;
  message: string;
  errcode?: string;
  httpStatus: number;
  retryAfterMs?: number;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The JSON object of an answer (U8 answers may arrive as text). */
export function answerBody(answer: U8Answer): Record<string, unknown> | undefined {
  if (typeof answer.data !== 'string') return asRecord(answer.data);
  try {
    return asRecord(JSON.parse(answer.data));
  } catch {
    return undefined;
  }
}

/** `errcode` as a string ("0" and 0 are both success; a missing errcode counts as "0", as in the official SDK). */
export function errcodeOf(body: Record<string, unknown>): string {
  const code = body.errcode;
  return code === undefined || code === null || code === '' ? '0' : String(code);
}

function httpFailure(answer: U8Answer, what: string): U8Failure | undefined {
  const { status } = answer;
  if (status >= 200 && status < 300) return undefined;
  const header = answer.headers['retry-after'];
  const base = { message: `${what}: HTTP ${status}`, httpStatus: status };
  if (status === 429) return { ...base, kind: 'RATE_LIMITED', retryAfterMs: retryAfterMs(header) ?? DEFAULT_THROTTLE_RETRY_MS };
  if (status === 401) return { ...base, kind: 'AUTH_EXPIRED' };
  if (status === 403) return { ...base, kind: 'PERMANENT' };
  if (status === 404) return { ...base, kind: 'NOT_FOUND' };
  if (status === 408 || status >= 500) return { ...base, kind: 'TEMPORARY', retryAfterMs: retryAfterMs(header) };
  return { ...base, kind: 'INVALID' };
}

/** Kind of a non-zero errcode (and its errmsg) under the connection's errcode settings. */
export function errcodeKind(errcode: string, errmsg: string, codes: U8ErrcodeSettings): U8FailureKind {
  if (codes.rateLimited.includes(errcode)) return 'RATE_LIMITED';
  if (codes.auth.includes(errcode)) return 'AUTH_EXPIRED';
  if (codes.tradeid.includes(errcode) || codes.temporary.includes(errcode)) return 'TEMPORARY';
  if (codes.permanent.includes(errcode)) return 'PERMANENT';
  if (codes.duplicate.includes(errcode)) return 'duplicate';
  if (codes.notFound.includes(errcode)) return 'not_found';
  if (errmsg && matches(codes.duplicatePattern, errmsg)) return 'duplicate';
  return 'INVALID';
}

/** A pattern from config that does not compile matches nothing (the schema cannot check regex syntax). */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

/** Undefined when the answer is a success envelope; otherwise what went wrong. */
export function u8Failure(answer: U8Answer, what: string, codes: U8ErrcodeSettings): U8Failure | undefined {
  const http = httpFailure(answer, what);
  if (http) return http;
  const body = answerBody(answer);
  if (!body) return { kind: 'TEMPORARY', message: `${what}: the answer is not a JSON object`, httpStatus: answer.status };
  const errcode = errcodeOf(body);
  if (errcode === '0') return undefined;
  const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
  const kind = errcodeKind(errcode, errmsg, codes);
  return {
    kind,
    errcode,
    message: `${what}: errcode ${errcode}${errmsg ? ` ${errmsg}` : ''}`,
    httpStatus: answer.status,
    ...(kind === 'RATE_LIMITED' ? { retryAfterMs: DEFAULT_THROTTLE_RETRY_MS } : {}),
  };
}

/** The error to throw for a failure; `duplicate` and `not_found` only reach here where they are not expected. */
export function failureError(f: U8Failure, details: { ambiguous?: boolean } = {}): ConnectorError {
  const kind: ConnectorErrorKind = f.kind === 'duplicate' ? 'INVALID' : f.kind === 'not_found' ? 'NOT_FOUND' : f.kind;
  return new ConnectorError(kind, f.message, { vendorCode: f.errcode, httpStatus: f.httpStatus, retryAfterMs: f.retryAfterMs, ...details });
}
