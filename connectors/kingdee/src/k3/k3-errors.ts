import { ConnectorError, record, retryAfterMs, type ConnectorErrorKind } from '@hub/connector-sdk';

/**
 * K/3 Cloud answers → the hub's error taxonomy (K3.md "Errors"). Success is HTTP 200 with
 * `Result.ResponseStatus.IsSuccess` true; queries answer row arrays, or their error wrapped as `[[{Result…}]]`;
 * unhandled exceptions look like `{Message, InnerException}`; any non-200 status is a failure [K1].
 */
export interface K3Answer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

export interface K3RowError {
  fieldName?: string;
  message: string;
  dIndex: number;
}

export interface K3SaveOutcome {
  successes: { id: string; number: string; dIndex: number }[];
  errors: K3RowError[];
}

export interface LostSessionRule {
  msgCodes: number[];
  pattern: RegExp;
}

const TEMPORARY_TEXT = /超时|繁忙|死锁|timeout|deadlock|busy|稍后/i;
const NOT_FOUND_TEXT = /不存在|未找到|not exist|not found/i;

/** The kind of a per-row or whole-call error message. */
export function kindOfMessage(message: string, lost: LostSessionRule): ConnectorErrorKind {
  if (lost.pattern.test(message)) return 'AUTH_EXPIRED';
  if (TEMPORARY_TEXT.test(message)) return 'TEMPORARY';
  if (NOT_FOUND_TEXT.test(message)) return 'NOT_FOUND';
  return 'INVALID';
}

function parsed(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

function fail(kind: ConnectorErrorKind, message: string, answer: K3Answer, vendorCode?: string): never {
  throw new ConnectorError(kind, message, { httpStatus: answer.status, ...(vendorCode ? { vendorCode } : {}), ...(kind === 'TEMPORARY' ? { ambiguous: answer.status !== 503 } : {}) });
}

/** HTTP status and exception bodies, common to every call. Answers the parsed body when the status is 200. */
function checkHttp(answer: K3Answer, what: string, lost: LostSessionRule): unknown {
  const body = parsed(answer.data);
  const said = typeof body === 'string' ? body.slice(0, 200) : String(record(body)?.Message ?? '');
  if (answer.status === 429) {
    throw new ConnectorError('RATE_LIMITED', `${what}: HTTP 429 ${said}`.trim(), { httpStatus: 429, retryAfterMs: retryAfterMs(answer.headers['retry-after']) ?? 1_000 });
  }
  if (answer.status === 401 || answer.status === 403) fail(answer.status === 401 ? 'AUTH_EXPIRED' : 'PERMANENT', `${what}: HTTP ${answer.status} ${said}`.trim(), answer);
  if (answer.status === 408 || answer.status >= 500) fail('TEMPORARY', `${what}: HTTP ${answer.status} ${said}`.trim(), answer);
  if (answer.status !== 200) fail(answer.status === 404 ? 'PERMANENT' : 'INVALID', `${what}: HTTP ${answer.status} ${said}`.trim(), answer);
  const r = record(body);
  if (r && 'Message' in r && !('Result' in r) && !('LoginResultType' in r)) {
    // An unhandled server exception {Message, InnerException}.
    const inner = record(r.InnerException)?.Message;
    const message = `${what}: ${String(r.Message)}${inner ? ` (${String(inner)})` : ''}`;
    fail(kindOfMessage(message, lost), message, answer);
  }
  return body;
}

function statusOf(body: unknown): Record<string, unknown> | undefined {
  return record(record(record(body)?.Result)?.ResponseStatus);
}

function errorsOf(status: Record<string, unknown>): K3RowError[] {
  return (Array.isArray(status.Errors) ? status.Errors : []).map((e) => {
    const r = record(e) ?? {};
    return { ...(typeof r.FieldName === 'string' && r.FieldName ? { fieldName: r.FieldName } : {}), message: String(r.Message ?? ''), dIndex: Number(r.DIndex ?? 0) };
  });
}

/** A whole-call failure from a ResponseStatus: lost session → AUTH_EXPIRED, otherwise by its message. */
function statusFailure(status: Record<string, unknown>, what: string, answer: K3Answer, lost: LostSessionRule): never {
  const errors = errorsOf(status);
  const message = `${what}: ${errors.map((e) => e.message).join('; ') || 'IsSuccess false'}`;
  const msgCode = Number(status.MsgCode);
  const kind = lost.msgCodes.includes(msgCode) ? 'AUTH_EXPIRED' : kindOfMessage(message, lost);
  fail(kind, message, answer, status.ErrorCode !== undefined ? `${String(status.ErrorCode)}/${String(status.MsgCode ?? '')}` : undefined);
}

/** ExecuteBillQuery: the rows, or the wrapped error. */
export function queryRows(answer: K3Answer, what: string, lost: LostSessionRule): unknown[][] {
  const body = checkHttp(answer, what, lost);
  if (!Array.isArray(body)) {
    const status = statusOf(body);
    if (status) statusFailure(status, what, answer, lost);
    fail('TEMPORARY', `${what}: answer is not a row array`, answer);
  }
  const first = Array.isArray(body[0]) ? record(body[0][0]) : undefined;
  const wrapped = first ? statusOf(first) : undefined;
  if (wrapped && wrapped.IsSuccess === false) statusFailure(wrapped, what, answer, lost);
  return body.filter((row): row is unknown[] => Array.isArray(row));
}

/**
 * Save / BatchSave / Submit / Audit: the per-row successes and errors. A lost session fails the whole call (nothing
 * was saved); otherwise row errors are returned for the caller to report per candidate.
 */
export function saveOutcome(answer: K3Answer, what: string, lost: LostSessionRule): K3SaveOutcome {
  const body = checkHttp(answer, what, lost);
  const status = statusOf(body);
  if (!status) fail('TEMPORARY', `${what}: answer has no Result.ResponseStatus`, answer);
  const errors = errorsOf(status);
  const successes = (Array.isArray(status.SuccessEntitys) ? status.SuccessEntitys : []).map((e) => {
    const r = record(e) ?? {};
    return { id: String(r.Id ?? ''), number: String(r.Number ?? ''), dIndex: Number(r.DIndex ?? 0) };
  });
  if (status.IsSuccess === false && (lost.msgCodes.includes(Number(status.MsgCode)) || !successes.length && errors.every((e) => lost.pattern.test(e.message)))) {
    statusFailure(status, what, answer, lost);
  }
  if (status.IsSuccess === false && !errors.length) statusFailure(status, what, answer, lost);
  return { successes, errors };
}

/** A row error of a single-row save as the error it is. */
export function rowError(e: K3RowError, what: string, lost: LostSessionRule): ConnectorError {
  const message = `${what}: ${e.fieldName ? `${e.fieldName}: ` : ''}${e.message}`;
  return new ConnectorError(kindOfMessage(e.message, lost), message, { vendorCode: e.fieldName ?? 'row' });
}

/** Login answers: LoginResultType in `success` is a session; anything else is refused credentials. */
export function loginSession(answer: K3Answer, success: number[], lost: LostSessionRule, conn: string): { sessionId?: string; message: string } {
  const body = record(checkHttp(answer, 'K/3 login', lost)) ?? {};
  const type = Number(body.LoginResultType);
  if (!success.includes(type)) {
    throw new ConnectorError('PERMANENT', `K/3 refused the login of connection ${conn}: LoginResultType ${String(body.LoginResultType)} ${String(body.Message ?? '')}`.trim(), { httpStatus: answer.status, vendorCode: String(body.LoginResultType) });
  }
  return { sessionId: typeof body.KDSVCSessionId === 'string' ? body.KDSVCSessionId : undefined, message: String(body.Message ?? '') };
}
