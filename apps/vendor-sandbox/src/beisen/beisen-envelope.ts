/** What a Beisen API handler decides, before it is dressed in one of Beisen's envelopes. */
export type BeisenResult =
  | { ok: true; data: unknown; headers?: Record<string, string> }
  | { ok: false; code: number; message: string };

export function accepted(data: unknown, headers?: Record<string, string>): BeisenResult {
  return { ok: true, data, ...(headers ? { headers } : {}) };
}

export function refused(code: number, message: string): BeisenResult {
  return { ok: false, code, message };
}

/** RecruitV6 `{data, code:int, message}`, or the older v2 `{Code, Data, Message}` (envelope setting). */
export function recruitEnvelope(result: BeisenResult, style: 'v6' | 'v2'): Record<string, unknown> {
  const code = result.ok ? 200 : result.code;
  const data = result.ok ? result.data : null;
  const message = result.ok ? '' : result.message;
  return style === 'v2' ? { Code: code, Data: data, Message: message } : { data, code, message };
}

/** The v5 envelope of OpenPlatform: `code` is a string. */
export function v5Envelope(result: BeisenResult): Record<string, unknown> {
  return result.ok ? { code: '200', message: '', data: result.data } : { code: String(result.code), message: result.message, data: null };
}

/** True for an answer in any of the three envelopes whose code is not 200. */
export function isRefusal(response: unknown): boolean {
  if (typeof response !== 'object' || response === null) return false;
  const r = response as Record<string, unknown>;
  const code = r.code ?? r.Code;
  return code !== undefined && String(code) !== '200';
}

export const THROTTLED_BODY = { code: 429, message: 'API调用频率超出限制，请稍后重试', data: null };
export const DUPLICATE_MESSAGE = '相同参数的请求3秒内不能重复提交';
