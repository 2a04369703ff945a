import type { ConnectorError } from '@hub/connector-sdk';
import { IP_BAN_RETRY_MS, isIpBan, legacyErrcodeKind, legacyError, v1Error, type DingTalkAnswer } from './dingtalk-errors';

function answer(status: number, data: unknown, headers: Record<string, unknown> = {}): DingTalkAnswer {
  return { status, data, headers };
}

function kindOf(e: ConnectorError | undefined): string | undefined {
  return e?.kind;
}

describe('legacy (oapi) errcode mapping', () => {
  it('treats errcode 0 as success', () => {
    expect(legacyError(answer(200, { errcode: 0, errmsg: 'ok' }), 'x')).toBeUndefined();
  });

  it.each([88, 90002, 90005, 90006, 90018, 41047, 41048])('maps throttling errcode %i to RATE_LIMITED with a retry hint', (code) => {
    const e = legacyError(answer(200, { errcode: code, errmsg: 'too many' }), 'send');
    expect(e?.kind).toBe('RATE_LIMITED');
    expect(e?.details.vendorCode).toBe(String(code));
    expect(e?.details.retryAfterMs).toBeGreaterThan(0);
  });

  it.each([40001, 40014, 41001, 42001])('maps token errcode %i to AUTH_EXPIRED', (code) => {
    expect(kindOf(legacyError(answer(200, { errcode: code }), 'x'))).toBe('AUTH_EXPIRED');
  });

  it('reads the real reason of gateway errcode 88 from sub_code', () => {
    const badToken = legacyError(answer(200, { errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token', errmsg: 'ding talk error' }), 'x');
    expect([badToken?.kind, badToken?.details.vendorCode]).toEqual(['AUTH_EXPIRED', '88/40014']);
    expect(kindOf(legacyError(answer(200, { errcode: 88, sub_code: '40000' }), 'x'))).toBe('AUTH_EXPIRED');
    expect(kindOf(legacyError(answer(200, { errcode: 88, sub_code: '90018' }), 'x'))).toBe('RATE_LIMITED');
    expect(kindOf(legacyError(answer(200, { errcode: 88, sub_code: '12345' }), 'x'))).toBe('RATE_LIMITED');
  });

  it('maps -1 (system busy) to TEMPORARY', () => {
    expect(legacyErrcodeKind(-1)).toBe('TEMPORARY');
  });

  it.each([60011, 60020])('maps permission / IP allow-list errcode %i to PERMANENT', (code) => {
    expect(legacyErrcodeKind(code)).toBe('PERMANENT');
  });

  it('maps 60121 to NOT_FOUND', () => {
    expect(legacyErrcodeKind(60121)).toBe('NOT_FOUND');
  });

  it('maps any other errcode to INVALID and keeps errmsg', () => {
    const e = legacyError(answer(200, { errcode: 33012, errmsg: '无效的USERID' }), 'send');
    expect(e?.kind).toBe('INVALID');
    expect(e?.message).toContain('无效的USERID');
  });

  it('reads errcode from a JSON string body', () => {
    expect(kindOf(legacyError(answer(200, '{"errcode":90018,"errmsg":"qps"}'), 'x'))).toBe('RATE_LIMITED');
  });

  it('treats a 200 without errcode as TEMPORARY and a bare 5xx by its status', () => {
    expect(kindOf(legacyError(answer(200, { foo: 1 }), 'x'))).toBe('TEMPORARY');
    expect(kindOf(legacyError(answer(502, 'Bad Gateway'), 'x'))).toBe('TEMPORARY');
  });
});

describe('v1.0 status/code mapping', () => {
  it('accepts 2xx', () => {
    expect(v1Error(answer(200, { list: [] }), 'x')).toBeUndefined();
  });

  it('maps 400 invalidParam to INVALID', () => {
    const e = v1Error(answer(400, { code: 'invalidParam', message: 'span > 30 days', requestid: 'r1' }), 'query');
    expect([e?.kind, e?.details.vendorCode, e?.details.httpStatus]).toEqual(['INVALID', 'invalidParam', 400]);
  });

  it('maps 400 invalidClientIdOrSecret to INVALID', () => {
    expect(kindOf(v1Error(answer(400, { code: 'invalidClientIdOrSecret' }), 'token'))).toBe('INVALID');
  });

  it('maps 400/401/403 InvalidAuthentication and any 401 to AUTH_EXPIRED', () => {
    expect(kindOf(v1Error(answer(400, { code: 'InvalidAuthentication', message: '不合法的access_token' }), 'x'))).toBe('AUTH_EXPIRED');
    expect(kindOf(v1Error(answer(403, { code: 'InvalidAuthentication' }), 'x'))).toBe('AUTH_EXPIRED');
    expect(kindOf(v1Error(answer(401, { code: 'whatever' }), 'x'))).toBe('AUTH_EXPIRED');
  });

  it.each(['Forbidden.AccessDenied.QpsLimitForApi', 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'Throttling.Api'])(
    'maps 403 %s to RATE_LIMITED',
    (code) => {
      const e = v1Error(answer(403, { code, message: 'qps' }), 'x');
      expect(e?.kind).toBe('RATE_LIMITED');
      expect(e?.details.retryAfterMs).toBeGreaterThan(0);
    },
  );

  it('maps other 403 (permission denied) to PERMANENT', () => {
    expect(kindOf(v1Error(answer(403, { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied' }), 'x'))).toBe('PERMANENT');
  });

  it('maps 404 candidate.notExists to NOT_FOUND', () => {
    const e = v1Error(answer(404, { code: 'candidate.notExists', message: 'candidate not exists' }), 'x');
    expect([e?.kind, e?.details.vendorCode]).toEqual(['NOT_FOUND', 'candidate.notExists']);
  });

  it('maps 429 to RATE_LIMITED honouring Retry-After seconds', () => {
    const e = v1Error(answer(429, { code: 'TooManyRequests' }, { 'retry-after': '7' }), 'x');
    expect([e?.kind, e?.details.retryAfterMs]).toEqual(['RATE_LIMITED', 7000]);
  });

  it('maps 5xx systemError to TEMPORARY', () => {
    const e = v1Error(answer(500, { code: 'systemError', message: '系统错误' }), 'x');
    expect([e?.kind, e?.details.vendorCode]).toEqual(['TEMPORARY', 'systemError']);
    expect(kindOf(v1Error(answer(503, ''), 'x'))).toBe('TEMPORARY');
  });

  it('maps any other 4xx to INVALID', () => {
    expect(kindOf(v1Error(answer(409, { code: 'conflict' }), 'x'))).toBe('INVALID');
  });
});

describe('per-IP ban', () => {
  it.each([
    ['an HTML page', '<!DOCTYPE html><html><body>访问被拒绝</body></html>'],
    ['JSON status 1111', { status: 1111, msg: 'deny' }],
    ['JSON punish deny', { punish: 'deny', code: 'x' }],
    ['JSON text', '{"status":1111,"punish":"deny"}'],
  ])('detects %s', (_name, body) => {
    expect(isIpBan(body)).toBe(true);
  });

  it('maps the ban to RATE_LIMITED with 5 minutes, on both API families and any status', () => {
    for (const e of [
      v1Error(answer(200, '<html><body>denied</body></html>'), 'x'),
      v1Error(answer(403, { status: 1111, punish: 'deny' }), 'x'),
      legacyError(answer(200, { punish: 'deny' }), 'x'),
    ]) {
      expect([e?.kind, e?.details.retryAfterMs]).toEqual(['RATE_LIMITED', IP_BAN_RETRY_MS]);
    }
  });

  it('does not flag ordinary bodies', () => {
    expect(isIpBan({ errcode: 0 })).toBe(false);
    expect(isIpBan('plain text')).toBe(false);
  });
});
