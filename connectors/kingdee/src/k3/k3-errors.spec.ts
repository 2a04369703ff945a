import { ConnectorError } from '@hub/connector-sdk';
import { loginSession, queryRows, saveOutcome } from './k3-errors';

const lost = { msgCodes: [1], pattern: /会话.*丢失|重新登录/ };
const answer = (data: unknown, status = 200) => ({ status, data, headers: {} });
const rs = (IsSuccess: boolean, Errors: unknown[] = [], SuccessEntitys: unknown[] = [], MsgCode = 0) => ({ Result: { ResponseStatus: { ErrorCode: IsSuccess ? 0 : 500, IsSuccess, Errors, SuccessEntitys, MsgCode } } });
function kind(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return (e as ConnectorError).kind;
  }
  return 'none';
}

describe('K/3 answers → error taxonomy', () => {
  it('reads query rows and unwraps [[{Result…}]] errors', () => {
    expect(queryRows(answer([['a', 1]]), 'q', lost)).toEqual([['a', 1]]);
    expect(kind(() => queryRows(answer([[rs(false, [{ Message: '业务对象不存在' }])]]), 'q', lost))).toBe('NOT_FOUND');
    expect(kind(() => queryRows(answer([[rs(false, [{ Message: 'x' }], [], 1)]]), 'q', lost))).toBe('AUTH_EXPIRED');
    expect(kind(() => queryRows(answer([[rs(false, [{ Message: '字段 FX 不存在于过滤条件' }])]]), 'q', lost))).toBe('NOT_FOUND');
    expect(kind(() => queryRows(answer([[rs(false, [{ Message: '语法错误' }])]]), 'q', lost))).toBe('INVALID');
  });

  it('maps HTTP statuses and {Message, InnerException}', () => {
    expect(kind(() => saveOutcome(answer('x', 500), 's', lost))).toBe('TEMPORARY');
    expect(kind(() => saveOutcome(answer('x', 429), 's', lost))).toBe('RATE_LIMITED');
    expect(kind(() => saveOutcome(answer({ Message: '会话信息已丢失，请重新登录' }, 401), 's', lost))).toBe('AUTH_EXPIRED');
    expect(kind(() => saveOutcome(answer({ Message: '数据库连接超时', InnerException: null }), 's', lost))).toBe('TEMPORARY');
    expect(kind(() => saveOutcome(answer({ Message: '对象引用未设置', InnerException: { Message: 'NRE' } }), 's', lost))).toBe('INVALID');
  });

  it('returns per-row errors of a save, failing the whole call only for a lost session', () => {
    const out = saveOutcome(answer(rs(false, [{ FieldName: 'F1', Message: '必填', DIndex: 1 }], [{ Id: 7, Number: 'N', DIndex: 0 }])), 's', lost);
    expect(out).toEqual({ successes: [{ id: '7', number: 'N', dIndex: 0 }], errors: [{ fieldName: 'F1', message: '必填', dIndex: 1 }] });
    expect(kind(() => saveOutcome(answer(rs(false, [{ Message: '会话信息已丢失，请重新登录' }], [], 1)), 's', lost))).toBe('AUTH_EXPIRED');
  });

  it('takes LoginResultType 1 (or the configured values) as a session, else refused credentials', () => {
    expect(loginSession(answer({ LoginResultType: 1, KDSVCSessionId: 'S' }), [1], lost, 'c').sessionId).toBe('S');
    expect(kind(() => loginSession(answer({ LoginResultType: -5 }), [1], lost, 'c'))).toBe('PERMANENT');
    expect(loginSession(answer({ LoginResultType: -5, KDSVCSessionId: 'S' }), [1, -5], lost, 'c').sessionId).toBe('S');
  });
});
