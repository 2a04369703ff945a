import { ConnectorError, record, retryAfterMs, type ConnectorErrorKind } from '@hub/connector-sdk';

/** An HTTP answer of Beisen as the client received it. */
export interface BeisenAnswer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
}

/** Any of Beisen's envelopes, read into one shape: `code` as text ("200" is success). */
export interface BeisenEnvelope {
  code: string;
  data: unknown;
  message: string;
}

/**
 * Reads the three envelopes (README "Envelopes"): RecruitV6 `{data, code:int, message}`, v5 org/employee
 * `{code:"200"|"417", data, message}`, and the older v2 `{Code, Data, Message, Extra, Total}` [B1]. Undefined when the
 * body is none of them.
 */
export function readEnvelope(body: unknown): BeisenEnvelope | undefined {
  const r = record(body);
  if (!r) return undefined;
  if ('code' in r && (typeof r.code === 'number' || typeof r.code === 'string')) return { code: String(r.code), data: r.data, message: String(r.message ?? '') };
  if ('Code' in r && (typeof r.Code === 'number' || typeof r.Code === 'string')) return { code: String(r.Code), data: r.Data, message: String(r.Message ?? '') };
  return undefined;
}

const TEMPORARY_TEXT = /超时|繁忙|稍后|timeout|busy|系统异常/i;
const NOT_FOUND_TEXT = /不存在|未找到|not exist|not found/i;

function kindOf(message: string): ConnectorErrorKind {
  if (TEMPORARY_TEXT.test(message)) return 'TEMPORARY';
  if (NOT_FOUND_TEXT.test(message)) return 'NOT_FOUND';
  return 'INVALID';
}

/** Why a call was refused, as Beisen worded it, with the kind the hub's failure policy acts on. */
export class BeisenRefusal extends ConnectorError {
  constructor(
    kind: ConnectorErrorKind,
    message: string,
    readonly vendorMessage: string,
    details: ConstructorParameters<typeof ConnectorError>[2],
  ) {
    super(kind, message, details);
  }
}

/**
 * The data of a successful answer, or the error for a refused one (README "Errors"): 401 → AUTH_EXPIRED (the client
 * fetches a token once more), 429 → RATE_LIMITED with Retry-After, 400 `invalid_tenantid`/403 (IP not trusted) →
 * PERMANENT, 5xx/408 → TEMPORARY, and an envelope whose code is not 200 by its message.
 */
export function dataOf(answer: BeisenAnswer, what: string): unknown {
  const body = answer.data;
  const said = typeof body === 'string' ? body.slice(0, 200) : String(record(body)?.message ?? record(body)?.Message ?? record(body)?.error ?? '');
  const fail = (kind: ConnectorErrorKind, message: string, code?: string): never => {
    throw new BeisenRefusal(kind, `${what}: ${message}`.trim(), said, {
      httpStatus: answer.status,
      ...(code ? { vendorCode: code } : {}),
      ...(kind === 'TEMPORARY' ? { ambiguous: answer.status !== 503 } : {}),
      ...(kind === 'RATE_LIMITED' ? { retryAfterMs: retryAfterMs(answer.headers['retry-after']) ?? 1_000 } : {}),
    });
  };
  if (answer.status === 429) fail('RATE_LIMITED', `HTTP 429 ${said}`);
  if (answer.status === 401) fail('AUTH_EXPIRED', `HTTP 401 ${said}`);
  if (answer.status === 403) fail('PERMANENT', `HTTP 403 ${said} (is the hub's IP in the app's trusted list?)`);
  if (answer.status === 408 || answer.status >= 500) fail('TEMPORARY', `HTTP ${answer.status} ${said}`);
  if (answer.status !== 200) fail(answer.status === 404 || said === 'invalid_tenantid' ? 'PERMANENT' : 'INVALID', `HTTP ${answer.status} ${said}`);
  const envelope = readEnvelope(body);
  if (!envelope) fail('TEMPORARY', `answer is not a Beisen envelope: ${JSON.stringify(body)?.slice(0, 200)}`);
  if (envelope!.code === '200') return envelope!.data;
  if (envelope!.code === '429') fail('RATE_LIMITED', `code 429 ${envelope!.message}`, '429');
  if (envelope!.code === '401') fail('AUTH_EXPIRED', `code 401 ${envelope!.message}`, '401');
  const kind = envelope!.code.startsWith('5') ? 'TEMPORARY' : kindOf(envelope!.message);
  throw new BeisenRefusal(kind, `${what}: code ${envelope!.code} ${envelope!.message}`.trim(), envelope!.message, { httpStatus: answer.status, vendorCode: envelope!.code, ...(kind === 'TEMPORARY' ? { ambiguous: true } : {}) });
}
