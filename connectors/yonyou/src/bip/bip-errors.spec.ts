import { ConnectorError } from '@hub/connector-sdk';
import { businessData, openAuthData, type BipAnswer } from './bip-errors';
import { DEFAULT_AUTH_ERROR_CODES, DEFAULT_DUPLICATE_CODES, DEFAULT_RATE_LIMIT_CODES } from './bip-settings';

const CODES = { auth: DEFAULT_AUTH_ERROR_CODES, rateLimit: DEFAULT_RATE_LIMIT_CODES, duplicate: DEFAULT_DUPLICATE_CODES };

function answer(data: unknown, status = 200, headers: Record<string, unknown> = {}): BipAnswer {
  return { status, data, headers };
}

function failure(read: () => unknown): ConnectorError {
  try {
    read();
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a ConnectorError');
}

describe('YonBIP business envelope', () => {
  it('accepts code 200 as a string or a number and returns data', () => {
    expect(businessData(answer({ code: '200', data: { a: 1 } }), 'x', CODES)).toEqual({ data: { a: 1 }, duplicate: false });
    expect(businessData(answer({ code: 200, data: [] }), 'x', CODES)).toEqual({ data: [], duplicate: false });
  });

  it('reports a duplicate resubmitCheckKey code as a duplicate, not an error', () => {
    expect(businessData(answer({ code: '10004', message: '重复提交' }), 'x', CODES).duplicate).toBe(true);
  });

  it.each([
    ['token expired code 310036 (HTTP 200)', answer({ code: '310036', message: '非法token' }), 'AUTH_EXPIRED'],
    ['token expired code 1090003500065', answer({ code: '1090003500065', message: 'Token已过期' }), 'AUTH_EXPIRED'],
    ['HTTP 401', answer({ code: 'x' }, 401), 'AUTH_EXPIRED'],
    ['the plain text 非法token', answer('非法token'), 'AUTH_EXPIRED'],
    ['HTTP 429', answer({ code: '429' }, 429), 'RATE_LIMITED'],
    ['throttling code 310046', answer({ code: '310046', message: '调用频率超限' }), 'RATE_LIMITED'],
    ['HTTP 500', answer({ code: '500' }, 500), 'TEMPORARY'],
    ['code 999 后端错误', answer({ code: '999', message: '后端错误,联系开发人员' }), 'TEMPORARY'],
    ['code 999 of an unknown candidate', answer({ code: '999', message: '根据候选人编码未查找到有效候选人信息!' }), 'NOT_FOUND'],
    ['code 999 of an unreadable request', answer({ code: '999', message: 'pageSize不能超过500' }), 'INVALID'],
    ['code 1002 数据不存在', answer({ code: '1002', message: '数据不存在', displayCode: 'HRCLOUD-1002' }), 'NOT_FOUND'],
    ['HTTP 404 310404 (no such API on the gateway)', answer({ code: '310404', message: '网关上没有注册此API' }, 404), 'PERMANENT'],
    ['any other refusal', answer({ code: '1001', message: '价税合计必须小于0', displayCode: 'D-1' }), 'INVALID'],
  ])('maps %s', (_what, a, kind) => {
    expect(failure(() => businessData(a, 'call', CODES)).kind).toBe(kind);
  });

  it('takes Retry-After for throttling (else 1 s), names code and displayCode, and marks 5xx ambiguous unless 503', () => {
    expect(failure(() => businessData(answer({}, 429, { 'retry-after': '7' }), 'x', CODES)).details.retryAfterMs).toBe(7000);
    expect(failure(() => businessData(answer({ code: '310046' }), 'x', CODES)).details.retryAfterMs).toBe(1000);
    const refused = failure(() => businessData(answer({ code: '1001', message: 'm', displayCode: 'D-1' }), 'update', CODES));
    expect(refused.message).toBe('update: HTTP 200 code 1001 (displayCode D-1) m');
    expect(refused.details.vendorCode).toBe('1001/D-1');
    expect(failure(() => businessData(answer({}, 502), 'x', CODES)).details.ambiguous).toBe(true);
    expect(failure(() => businessData(answer({}, 503), 'x', CODES)).details.ambiguous).toBe(false);
  });

  it('uses the connection’s own code lists', () => {
    const custom = { auth: ['A1'], rateLimit: ['R1'], duplicate: ['D1'] };
    expect(failure(() => businessData(answer({ code: 'A1' }), 'x', custom)).kind).toBe('AUTH_EXPIRED');
    expect(failure(() => businessData(answer({ code: 'R1' }), 'x', custom)).kind).toBe('RATE_LIMITED');
    expect(failure(() => businessData(answer({ code: '310036' }), 'x', custom)).kind).toBe('INVALID');
  });
});

describe('YonBIP open-auth envelope', () => {
  it('returns data on code 00000 and refuses anything else as PERMANENT (unknown tenant, refused app)', () => {
    expect(openAuthData(answer({ code: '00000', data: { access_token: 't' } }), 'token')).toEqual({ access_token: 't' });
    expect(failure(() => openAuthData(answer({ code: '500', message: '根据租户id获取网关地址出现异常' }), 'lookup')).kind).toBe('PERMANENT');
    expect(failure(() => openAuthData(answer({ code: '10018', message: '应用不存在或appKey已停用' }), 'token')).kind).toBe('PERMANENT');
  });

  it('maps throttling and server errors as business calls do', () => {
    expect(failure(() => openAuthData(answer({}, 429), 'token')).kind).toBe('RATE_LIMITED');
    expect(failure(() => openAuthData(answer('<html>bad gateway</html>', 502), 'token')).kind).toBe('TEMPORARY');
  });
});
