/** K/3 Cloud answer shapes [K1]: Result.ResponseStatus, the `[[{Result…}]]` query error wrapping. */
export interface K3Error {
  FieldName: string | null;
  Message: string;
  DIndex: number;
}

export interface K3Success {
  Id: number | string;
  Number: string;
  DIndex: number;
}

export function responseStatus(errors: K3Error[], successes: K3Success[], msgCode = 0, errorCode = 500): Record<string, unknown> {
  const ok = errors.length === 0;
  return {
    Result: {
      ResponseStatus: { ErrorCode: ok ? 0 : errorCode, IsSuccess: ok, Errors: errors, SuccessEntitys: successes, SuccessMessages: [], MsgCode: msgCode },
      ...(successes.length === 1 ? { Id: successes[0].Id, Number: successes[0].Number } : {}),
      NeedReturnData: [],
    },
  };
}

export function failure(message: string, msgCode = 0, errorCode = 500): Record<string, unknown> {
  return responseStatus([{ FieldName: null, Message: message, DIndex: 0 }], [], msgCode, errorCode);
}

/** ExecuteBillQuery puts its errors inside the row array. */
export function queryFailure(message: string, msgCode = 0): unknown {
  return [[failure(message, msgCode)]];
}

/** Login answers: LoginResultType 1 is success [K1]. */
export function loginAnswer(ok: boolean, message: string, sessionId?: string): Record<string, unknown> {
  return { Message: ok ? null : message, MessageCode: ok ? 'CheckPasswordPolicy' : null, LoginResultType: ok ? 1 : 0, KDSVCSessionId: sessionId ?? null, IsSuccessByAPI: ok };
}
