import { HttpException } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';

/** v1.0 error body as api.dingtalk.com sends it: real HTTP status plus `{code, message, requestid}`. */
export interface DingtalkV1ErrorBody {
  code: string;
  message: string;
  requestid: string;
}

/** Legacy oapi error body: always HTTP 200, `errcode` ≠ 0. */
export interface DingtalkLegacyErrorBody {
  errcode: number;
  errmsg: string;
  sub_code?: string;
  sub_msg?: string;
  request_id: string;
}

/** v1.0 request ids look like `01A08FE7-CD6B-79BB-8B2E-35D8768AD457`. */
export function v1RequestId(): string {
  return randomUUID().toUpperCase();
}

/** Legacy request ids look like `16l4ew3d47pdp`. */
export function legacyRequestId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(13), (byte) => alphabet[byte % alphabet.length]).join('');
}

export function v1ErrorBody(code: string, message: string): DingtalkV1ErrorBody {
  return { code, message, requestid: v1RequestId() };
}

/** Thrown from v1.0 handlers; Nest's exception filter sends the object body unchanged. */
export class DingtalkV1Error extends HttpException {
  constructor(status: number, code: string, message: string) {
    super(v1ErrorBody(code, message), status);
  }
}

export function invalidParam(message: string): DingtalkV1Error {
  return new DingtalkV1Error(400, 'invalidParam', message);
}

export function legacyError(errcode: number, errmsg: string): DingtalkLegacyErrorBody {
  return { errcode, errmsg, request_id: legacyRequestId() };
}

/**
 * oapi's gateway wraps token problems as errcode 88 with the real reason in `sub_code`
 * (live probe: 40014 for an unknown token, 40000 for a missing one).
 */
export function legacyGatewayError(subCode: string, subMsg: string): DingtalkLegacyErrorBody {
  return {
    errcode: 88,
    sub_code: subCode,
    sub_msg: subMsg,
    errmsg: `ding talk error[subcode=${subCode},submsg=${subMsg}]`,
    request_id: legacyRequestId(),
  };
}
