/**
 * YonBIP answer envelopes. open-auth (gateway lookup, token): `{code:"00000", message, data}` [Y1, Y2]. Business
 * calls: `{code:"200", message:"操作成功", data}` with `displayCode` on errors [Y4]; the Y4 examples write the
 * success code as a number on hrcandidate/list and updateCandidate and as a string on getGlobalCandidateDetail, and
 * the simulator answers exactly so (a caller must compare `String(code)`).
 */

export const OPEN_AUTH_OK = '00000';

/**
 * Codes the simulator answers. Sources: "probe" = the no-credential probes quoted in a public YonBIP skill
 * (2026-09-11); "Y4" = the candidate API error tables; UNCONFIRMED = chosen here, nothing found.
 */
export const BIP_CODES = {
  /** probe: gateway lookup of an unknown tenant ("根据租户id获取网关地址出现异常"). */
  unknownTenant: { code: '500', message: '根据租户id获取网关地址出现异常' },
  /** probe: token request with an unknown appKey. */
  unknownApp: { code: '10018', message: '应用不存在或appKey已停用' },
  /** UNCONFIRMED: missing appKey, timestamp or signature. */
  tokenParamMissing: { code: '10015', message: '缺少必要参数 appKey、timestamp 或 signature' },
  /** UNCONFIRMED: HmacSHA256 signature mismatch. */
  badSignature: { code: '10016', message: '签名校验失败' },
  /** UNCONFIRMED: timestamp outside the accepted window. */
  staleTimestamp: { code: '10017', message: '时间戳已失效' },
  /** probe: business call without access_token. Message UNCONFIRMED. */
  tokenMissing: { code: '310001', message: '缺少access_token' },
  /** probe: unknown (here also expired) access_token, HTTP 200. */
  badToken: { code: '310036', message: '非法token' },
  /** probe: no such API on the gateway, HTTP 404, checked before the token. */
  unknownApi: { code: '310404', message: '网关上没有注册此API' },
  /** Y4: "1002 数据不存在". */
  notFound: { code: '1002', message: '数据不存在' },
  /** Y4 getGlobalCandidateDetail error table. */
  candidateNotFound: { code: '999', message: '根据候选人编码未查找到有效候选人信息!' },
  /** UNCONFIRMED wording: a request the simulator cannot read. */
  invalidRequest: { code: '999', message: '参数错误' },
  /** "重复提交" of MDD idempotency (code table 10004; the idempotency page says 100004) — UNCONFIRMED which. */
  duplicate: { code: '10004', message: '重复提交' },
} as const;

/** One code and its message. */
export interface BipCode {
  code: string;
  message: string;
}

export interface BipEnvelope {
  code: string | number;
  message: string;
  data?: unknown;
  displayCode?: string;
}

export function openAuthOk(data: unknown): BipEnvelope {
  return { code: OPEN_AUTH_OK, message: '成功！', data };
}

/** A business success; `numeric` when the API's documented example writes `"code": 200`. */
export function businessOk(data: unknown, numeric: boolean): BipEnvelope {
  return { code: numeric ? 200 : '200', message: '操作成功', data };
}

/**
 * A refusal. Business errors carry `displayCode` [Y4]; its format is UNCONFIRMED, the simulator writes
 * `HRCLOUD-<code>`. Platform (gateway, open-auth) refusals carry none.
 */
export function bipError(error: BipCode, options: { business?: boolean; message?: string } = {}): BipEnvelope {
  const body: BipEnvelope = { code: error.code, message: options.message ?? error.message };
  if (options.business) body.displayCode = `HRCLOUD-${error.code}`;
  return body;
}

/** An answer with its HTTP status, for handlers that set the status themselves. */
export interface BipReply {
  status: number;
  body: BipEnvelope;
}
