import { ConnectorError, retryAfterMs, type ConnectorErrorDetails, type ConnectorErrorKind } from '@hub/connector-sdk';
import { record, text } from '../shared';

/**
 * YonBIP answers → the hub's error taxonomy (BIP.md "Errors"). The open-auth calls (gateway lookup, token) succeed
 * with `code: "00000"`, business calls with `code: "200"` (a string in most docs, a number in some examples), both
 * with HTTP 200; errors carry `message` and, on business calls, `displayCode` [Y1, Y2, Y4].
 */

/** A vendor answer as the HTTP layer saw it. */
export interface BipAnswer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

/** Codes the business envelope is checked against (settings `authErrorCodes`, `rateLimitCodes`, `duplicateCodes`). */
export interface BipErrorCodes {
  auth: readonly string[];
  rateLimit: readonly string[];
  duplicate: readonly string[];
}

/** Wait for throttling answers that carry no Retry-After. */
export const DEFAULT_THROTTLE_RETRY_MS = 1_000;
/** "数据不存在" in the candidate APIs' error tables [Y4]. */
const NOT_FOUND_CODES = new Set(['1002']);
/** Backend failures of business calls: "999 后端错误" [Y4], "500". */
const TEMPORARY_CODES = new Set(['999', '500']);
/**
 * `999` is also what the detail API answers an unknown candidate ("根据候选人编码未查找到有效候选人信息!", its Y4 error
 * table) and what refuses an unreadable request: its message tells them apart.
 */
function kindOf999(message: string): ConnectorErrorKind {
  if (/未查找到|不存在|not found/i.test(message)) return 'NOT_FOUND';
  if (/参数|格式|必须|不能|invalid/i.test(message)) return 'INVALID';
  return 'TEMPORARY';
}
/** The gateway has no such API ("网关上没有注册此API"): a wrong path in the settings, retrying cannot help. */
const UNKNOWN_API_CODE = '310404';

function envelope(data: unknown): Record<string, unknown> | undefined {
  if (typeof data !== 'string') return record(data);
  try {
    return record(JSON.parse(data));
  } catch {
    return undefined;
  }
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' ? v : undefined;
}

function describe(what: string, answer: BipAnswer, body: Record<string, unknown> | undefined): { message: string; details: ConnectorErrorDetails } {
  const code = text(body?.code);
  const displayCode = text(body?.displayCode);
  const said = text(body?.message) ?? (typeof answer.data === 'string' ? answer.data.slice(0, 200) : '');
  const message = `${what}: HTTP ${answer.status}${code ? ` code ${code}` : ''}${displayCode ? ` (displayCode ${displayCode})` : ''}${said ? ` ${said}` : ''}`;
  return { message, details: { httpStatus: answer.status, ...(code || displayCode ? { vendorCode: [code, displayCode].filter(Boolean).join('/') } : {}) } };
}

/** An error for a non-2xx answer, by HTTP status (YonBIP mostly answers 200 and puts the error in `code`). */
function httpKind(status: number, code: string | undefined): ConnectorErrorKind {
  if (status === 401) return 'AUTH_EXPIRED';
  if (status === 404) return code === UNKNOWN_API_CODE ? 'PERMANENT' : 'NOT_FOUND';
  if (status === 403) return 'PERMANENT';
  if (status === 408 || status >= 500) return 'TEMPORARY';
  return 'INVALID';
}

function throttled(answer: BipAnswer, message: string, details: ConnectorErrorDetails): ConnectorError {
  return new ConnectorError('RATE_LIMITED', message, { ...details, retryAfterMs: retryAfterMs(header(answer.headers, 'retry-after')) ?? DEFAULT_THROTTLE_RETRY_MS });
}

/** A 5xx or a backend-failure code: the request reached YonBIP and may have been applied (503 says it was not). */
function temporary(answer: BipAnswer, message: string, details: ConnectorErrorDetails): ConnectorError {
  const after = retryAfterMs(header(answer.headers, 'retry-after'));
  return new ConnectorError('TEMPORARY', message, { ...details, ambiguous: answer.status !== 503, ...(after !== undefined ? { retryAfterMs: after } : {}) });
}

/**
 * Reads an open-auth answer (gateway lookup, token): its `data` when `code` is "00000", else the error. A refusal
 * with HTTP 200 is PERMANENT here (an unknown tenant, a refused appKey or signature: retrying cannot fix it).
 */
export function openAuthData(answer: BipAnswer, what: string): Record<string, unknown> {
  const body = envelope(answer.data);
  const { message, details } = describe(what, answer, body);
  if (answer.status === 429) throw throttled(answer, message, details);
  if (answer.status === 408 || answer.status >= 500) throw temporary(answer, message, details);
  if (answer.status < 200 || answer.status >= 300) throw new ConnectorError('PERMANENT', message, details);
  if (!body) throw new ConnectorError('TEMPORARY', `${what}: HTTP ${answer.status} without a JSON envelope`, { httpStatus: answer.status });
  const code = text(body.code);
  if (code === '00000') return record(body.data) ?? {};
  // Even "500": the lookup answers an unknown tenant id with it ("根据租户id获取网关地址出现异常", BIP.md Errors).
  throw new ConnectorError('PERMANENT', message, details);
}

/** Reads a business answer: its `data` (and whether it was a duplicate of an applied `resubmitCheckKey`), else the error. */
export function businessData(answer: BipAnswer, what: string, codes: BipErrorCodes): { data: unknown; duplicate: boolean } {
  const body = envelope(answer.data);
  const code = text(body?.code);
  const { message, details } = describe(what, answer, body);
  if (answer.status === 429 || (code && codes.rateLimit.includes(code))) throw throttled(answer, message, details);
  if (code && codes.auth.includes(code)) throw new ConnectorError('AUTH_EXPIRED', message, details);
  // Some gateways answer a bad token with the text "非法token" instead of an envelope (BIP.md Errors).
  if (!body && typeof answer.data === 'string' && /token/i.test(answer.data)) throw new ConnectorError('AUTH_EXPIRED', message, details);
  if (answer.status < 200 || answer.status >= 300) {
    const kind = httpKind(answer.status, code);
    if (kind === 'TEMPORARY') throw temporary(answer, message, details);
    throw new ConnectorError(kind, message, details);
  }
  if (!body) throw new ConnectorError('TEMPORARY', `${what}: HTTP ${answer.status} without a JSON envelope`, { httpStatus: answer.status, ambiguous: true });
  if (code === '200') return { data: body.data, duplicate: false };
  if (code && codes.duplicate.includes(code)) return { data: body.data, duplicate: true };
  if (code && NOT_FOUND_CODES.has(code)) throw new ConnectorError('NOT_FOUND', message, details);
  const kind = code === '999' ? kindOf999(text(body.message) ?? '') : code && TEMPORARY_CODES.has(code) ? 'TEMPORARY' : undefined;
  if (kind === 'TEMPORARY') throw temporary(answer, message, details);
  if (kind) throw new ConnectorError(kind, message, details);
  if (code === UNKNOWN_API_CODE) throw new ConnectorError('PERMANENT', message, details);
  throw new ConnectorError('INVALID', message, details);
}
