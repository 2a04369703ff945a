import { ConnectorError } from '@hub/connector-sdk';
import { DEFAULT_U8_ERRCODES, errcodeKind, failureError, u8Failure, type U8Answer } from './u8-errors';

const answer = (data: unknown, status = 200, headers: Record<string, unknown> = {}): U8Answer => ({ status, data, headers });
const kind = (a: U8Answer) => u8Failure(a, 'U8 x/add', DEFAULT_U8_ERRCODES)?.kind;

describe('U8 errors → taxonomy', () => {
  it('reads errcode "0", 0 or a missing errcode as success, also from a JSON text body', () => {
    expect(kind(answer({ errcode: '0', errmsg: '' }))).toBeUndefined();
    expect(kind(answer({ errcode: 0 }))).toBeUndefined();
    expect(kind(answer({ id: '1' }))).toBeUndefined();
    expect(kind(answer('{"errcode":"0"}'))).toBeUndefined();
  });

  it.each([
    ['30002', 'AUTH_EXPIRED'],
    ['30050', 'RATE_LIMITED'],
    ['30031', 'TEMPORARY'],
    ['30060', 'TEMPORARY'],
    ['30021', 'PERMANENT'],
    ['30022', 'PERMANENT'],
    ['20002', 'duplicate'],
    ['20001', 'not_found'],
    ['20009', 'INVALID'],
  ])('errcode %s → %s (default errcode settings)', (errcode, expected) => {
    expect(kind(answer({ errcode, errmsg: 'x' }))).toBe(expected);
  });

  it('takes a duplicate from the errmsg when the errcode is not listed, and survives a broken pattern', () => {
    expect(errcodeKind('99', '编码[HUB1]已存在', DEFAULT_U8_ERRCODES)).toBe('duplicate');
    expect(errcodeKind('99', '编码已存在', { ...DEFAULT_U8_ERRCODES, duplicatePattern: '(' })).toBe('INVALID');
  });

  it('follows the connection errcode settings instead of the defaults', () => {
    const codes = { ...DEFAULT_U8_ERRCODES, auth: ['40001'], permanent: [] };
    expect(u8Failure(answer({ errcode: '40001' }), 'x', codes)?.kind).toBe('AUTH_EXPIRED');
    expect(u8Failure(answer({ errcode: '30021' }), 'x', codes)?.kind).toBe('INVALID');
  });

  it('maps HTTP statuses and unreadable answers', () => {
    expect(u8Failure(answer('', 429, { 'retry-after': '3' }), 'x', DEFAULT_U8_ERRCODES)).toMatchObject({ kind: 'RATE_LIMITED', retryAfterMs: 3000 });
    expect(kind(answer('', 401))).toBe('AUTH_EXPIRED');
    expect(kind(answer('', 403))).toBe('PERMANENT');
    expect(kind(answer('oops', 502))).toBe('TEMPORARY');
    expect(kind(answer('', 400))).toBe('INVALID');
    expect(kind(answer('<html>gateway</html>'))).toBe('TEMPORARY');
  });

  it('turns a failure into a ConnectorError with the vendor code; duplicate/not_found where unexpected', () => {
    const f = u8Failure(answer({ errcode: '30021', errmsg: '此应用未上线' }), 'U8 x/add', DEFAULT_U8_ERRCODES)!;
    const error = failureError(f, { ambiguous: false });
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'PERMANENT', details: { vendorCode: '30021', ambiguous: false } });
    expect(error.message).toBe('U8 x/add: errcode 30021 此应用未上线');
    expect(failureError({ kind: 'not_found', message: 'm', httpStatus: 200 }).kind).toBe('NOT_FOUND');
    expect(failureError({ kind: 'duplicate', message: 'm', httpStatus: 200 }).kind).toBe('INVALID');
  });
});
