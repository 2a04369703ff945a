import { OutboundRefusedError } from '@hub/connector-sdk';
import { faultError, faultKind, faultOf, httpError, soapCallError, transportError } from './nc-errors';
import { DEFAULT_FAULT_RULES, resolveSettings } from './nc-settings';

const rules = resolveSettings({ settings: { baseUrl: 'http://nc.example', operations: {} } }).faultRules;
const fault = (faultcode: string, faultstring = 'x') => ({ faultcode, faultstring });

describe('nc errors → taxonomy', () => {
  it('maps SOAP faults: Client → INVALID, Server → TEMPORARY, WS-Security refusals → PERMANENT, throttling text → RATE_LIMITED', () => {
    expect(faultKind(fault('soap:Client', 'NO_PART_FOUND'), rules)).toBe('INVALID');
    expect(faultKind(fault('soapenv:Client.Authentication'), rules)).toBe('INVALID');
    expect(faultKind(fault('soap:Sender'), rules)).toBe('INVALID');
    expect(faultKind(fault('soap:Server', 'nc.vo.pub.BusinessException: 单据已被他人修改'), rules)).toBe('TEMPORARY');
    expect(faultKind(fault('env:Receiver'), rules)).toBe('TEMPORARY');
    expect(faultKind(fault('wsse:FailedAuthentication', 'The security token could not be authenticated or authorized'), rules)).toBe('PERMANENT');
    expect(faultKind(fault('wsse:InvalidSecurity'), rules)).toBe('PERMANENT');
    expect(faultKind(fault('soap:Server', '请求过于频繁，请稍后再试'), rules)).toBe('RATE_LIMITED');
    expect(DEFAULT_FAULT_RULES).toHaveLength(1);
  });

  it('lets the tenant\'s rules decide first', () => {
    const custom = resolveSettings({ settings: { baseUrl: 'http://nc.example', operations: {}, faultRules: [{ match: 'BusinessException', kind: 'INVALID' }] } }).faultRules;
    expect(faultKind(fault('soap:Server', 'nc.vo.pub.BusinessException: 候选人不存在'), custom)).toBe('INVALID');
    // The tenant's list replaces the default one.
    expect(faultKind(fault('soap:Server', '请求过于频繁'), custom)).toBe('TEMPORARY');
    const e = faultError(fault('wsse:FailedAuthentication'), 'NC x.op', rules, 500);
    expect(e.message).toContain('credentials refused');
    expect(e.details).toMatchObject({ vendorCode: 'wsse:FailedAuthentication', httpStatus: 500, ambiguous: false });
  });

  it('maps HTTP answers that are not SOAP', () => {
    expect(httpError(429, { 'retry-after': '7' }, 'w')).toMatchObject({ kind: 'RATE_LIMITED', details: { retryAfterMs: 7000 } });
    expect(httpError(429, {}, 'w').details.retryAfterMs).toBe(1000);
    expect(httpError(500, {}, 'w').kind).toBe('TEMPORARY');
    expect(httpError(503, { 'retry-after': '30' }, 'w')).toMatchObject({ kind: 'TEMPORARY', details: { retryAfterMs: 30000, ambiguous: false } });
    expect(httpError(504, {}, 'w').details.ambiguous).toBe(true);
    expect(httpError(401, {}, 'w').kind).toBe('PERMANENT');
    expect(httpError(404, {}, 'w').message).toContain('check baseUrl, servicePath and the interface name');
    expect(httpError(400, {}, 'w').kind).toBe('INVALID');
    expect(httpError(200, {}, 'w')).toMatchObject({ kind: 'PERMANENT', details: { ambiguous: true } });
  });

  it('maps transport failures: a timeout may have run (ambiguous), a refused connection did not, the policy refuses for good', () => {
    expect(transportError(Object.assign(new Error('timeout of 1000ms exceeded'), { code: 'ETIMEDOUT' }), 'w', 1000)).toMatchObject({ kind: 'TEMPORARY', details: { ambiguous: true } });
    expect(transportError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'w', 1000)).toMatchObject({ kind: 'TEMPORARY', details: { ambiguous: false } });
    expect(transportError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'w', 1000).details.ambiguous).toBe(true);
    expect(transportError(new OutboundRefusedError('127.0.0.1 is a loopback address'), 'w', 1000)).toMatchObject({ kind: 'PERMANENT', details: { ambiguous: false } });
  });

  it('reads the fault out of a soap client error (SOAP 1.1 and 1.2)', () => {
    const soap11 = { root: { Envelope: { Body: { Fault: { faultcode: 'soap:Server', faultstring: 'boom', detail: { x: 1 } } } } }, response: { status: 500, headers: {} } };
    expect(faultOf(soap11)).toEqual({ faultcode: 'soap:Server', faultstring: 'boom', detail: '{"x":1}' });
    const soap12 = { root: { Envelope: { Body: { Fault: { Code: { Value: 'soap:Sender' }, Reason: { Text: { $value: 'bad' } } } } } } };
    expect(faultOf(soap12)).toEqual({ faultcode: 'soap:Sender', faultstring: 'bad' });
    expect(soapCallError(soap11, 'w', rules, 1000)).toMatchObject({ kind: 'TEMPORARY', details: { httpStatus: 500 } });
    expect(soapCallError({ message: 'Error http status codes', response: { status: 429, headers: { 'retry-after': '2' } } }, 'w', rules, 1000)).toMatchObject({ kind: 'RATE_LIMITED', details: { retryAfterMs: 2000 } });
  });
});
