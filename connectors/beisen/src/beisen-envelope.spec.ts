import { ConnectorError } from '@hub/connector-sdk';
import { dataOf, readEnvelope } from './beisen-envelope';

const answer = (status: number, data: unknown, headers: Record<string, unknown> = {}) => ({ status, data, headers });
const kindOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return [(e as ConnectorError).kind, (e as ConnectorError).details.vendorCode];
  }
  return 'no error';
};

describe('Beisen envelopes', () => {
  it('reads RecruitV6, v5 and v2 into one shape with the code as text', () => {
    expect(readEnvelope({ data: [1], code: 200, message: '' })).toEqual({ code: '200', data: [1], message: '' });
    expect(readEnvelope({ code: '417', data: null, message: '参数错误' })).toEqual({ code: '417', data: null, message: '参数错误' });
    expect(readEnvelope({ Code: 200, Data: { a: 1 }, Message: 'ok', Extra: '', Total: 1 })).toEqual({ code: '200', data: { a: 1 }, message: 'ok' });
    expect(readEnvelope({ message: 'un-authorized' })).toBeUndefined();
  });

  it('answers the data of a success in any envelope', () => {
    expect(dataOf(answer(200, { data: { x: 1 }, code: 200, message: '' }), 'api')).toEqual({ x: 1 });
    expect(dataOf(answer(200, { code: '200', data: 'v5' }), 'api')).toBe('v5');
    expect(dataOf(answer(200, { Code: '200', Data: 'v2' }), 'api')).toBe('v2');
  });

  it('maps refusals onto the error taxonomy', () => {
    expect(kindOf(() => dataOf(answer(401, { message: 'un-authorized' }), 'api'))).toEqual(['AUTH_EXPIRED', undefined]);
    expect(kindOf(() => dataOf(answer(429, { code: 429, message: '频率超限' }, { 'retry-after': '2' }), 'api'))).toEqual(['RATE_LIMITED', undefined]);
    expect(kindOf(() => dataOf(answer(403, 'Forbidden'), 'api'))).toEqual(['PERMANENT', undefined]);
    expect(kindOf(() => dataOf(answer(400, { error: 'invalid_tenantid' }), 'api'))).toEqual(['PERMANENT', undefined]);
    expect(kindOf(() => dataOf(answer(502, 'Bad Gateway'), 'api'))).toEqual(['TEMPORARY', undefined]);
    expect(kindOf(() => dataOf(answer(200, { code: 400, message: '面试不存在', data: null }), 'api'))).toEqual(['NOT_FOUND', '400']);
    expect(kindOf(() => dataOf(answer(200, { code: 417, message: '相同参数的请求3秒内不能重复提交', data: null }), 'api'))).toEqual(['INVALID', '417']);
    expect(kindOf(() => dataOf(answer(200, { code: 500, message: '系统异常', data: null }), 'api'))).toEqual(['TEMPORARY', '500']);
    expect(kindOf(() => dataOf(answer(200, '<html>'), 'api'))).toEqual(['TEMPORARY', undefined]);
  });

  it('keeps Retry-After on a 429', () => {
    try {
      dataOf(answer(429, {}, { 'retry-after': '2' }), 'api');
    } catch (e) {
      expect((e as ConnectorError).details.retryAfterMs).toBe(2000);
    }
    expect.assertions(1);
  });
});
