import { ConnectorError } from '@hub/connector-sdk';
import { readResult } from './nc-result';
import { resolveSettings, type NcResultSpec } from './nc-settings';

function spec(result: Record<string, unknown> = {}): NcResultSpec {
  const op = { interface: 'nc.itf.X', operation: 'op', args: { arg0: '{{idempotencyKey}}' }, result };
  return resolveSettings({ settings: { baseUrl: 'http://nc.example', operations: { candidateStatus: op } } }).operations.candidateStatus!.result;
}

function failure(ret: unknown, s = spec()): ConnectorError {
  try {
    readResult(ret, s, 'NC x.op');
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('nc <return> reading', () => {
  it('reads success from `success`, else from `code`, else (neither) as success', () => {
    expect(readResult('{"success":true,"code":"0","message":"操作成功","data":{"id":"NCW1"}}', spec(), 'w')).toEqual({ duplicate: false, message: '操作成功', data: { id: 'NCW1' }, code: '0', ref: 'NCW1' });
    // A public NC REST/uapws answer: numeric code 200 with success true.
    expect(readResult('{"code":200,"message":"query success","success":true,"data":{"dept":{}}}', spec(), 'w').message).toBe('query success');
    expect(readResult('{"code":"200","data":[1]}', spec(), 'w').data).toEqual([1]);
    expect(readResult('{"data":[{"billcode":"DN1"}]}', spec(), 'w').duplicate).toBe(false);
    expect(readResult('[{"a":1}]', spec(), 'w').data).toEqual([{ a: 1 }]);
  });

  it('refuses a failure with INVALID and NC\'s message (public samples of NC interfaces)', () => {
    const dept = failure('{"message":"部门编码重复；部门名称重复；","data":"[]","success":false}');
    expect(dept.kind).toBe('INVALID');
    expect(dept.message).toContain('部门编码重复；部门名称重复；');
    const databus = failure('{"code":50003,"message":"dataType:12 is not support!","success":false}');
    expect(databus.details.vendorCode).toBe('50003');
    expect(failure('{"code":"500","message":"x"}').kind).toBe('INVALID');
  });

  it('maps failure codes as configured, and a duplicate code to a duplicate', () => {
    const s = spec({ codeKinds: { '429': 'RATE_LIMITED', '503': 'TEMPORARY', '1001': 'duplicate' } });
    expect(failure('{"success":false,"code":"429","message":"busy"}', s).kind).toBe('RATE_LIMITED');
    expect(failure('{"success":false,"code":"503","message":"x"}', s).kind).toBe('TEMPORARY');
    expect(readResult('{"success":false,"code":"1001","message":"已处理","data":{"id":"NCW9"}}', s, 'w')).toMatchObject({ duplicate: true, ref: 'NCW9' });
  });

  it('reads other field names and nested paths', () => {
    const s = spec({ successField: 'result.flag', codeField: 'result.code', messageField: 'result.msg', dataField: 'payload', refField: 'billno' });
    expect(readResult('{"result":{"flag":"Y","msg":"ok"},"payload":{"billno":"B-1"}}', s, 'w')).toMatchObject({ message: 'ok', ref: 'B-1' });
    expect(failure('{"result":{"flag":"N","code":"E1","msg":"bad"}}', s).message).toContain('(code E1): bad');
  });

  it('refuses a <return> that is not JSON as PERMANENT and ambiguous (the call ran; what it did is unknown)', () => {
    const e = failure('操作成功');
    expect(e.kind).toBe('PERMANENT');
    expect(e.details.ambiguous).toBe(true);
    expect(e.message).toContain('result.format: text');
  });

  it('keeps text answers as they are, failing only on the configured pattern', () => {
    const s = spec({ format: 'text', failurePattern: '^(失败|error)' });
    expect(readResult('成功: 1 条', s, 'w')).toEqual({ duplicate: false, message: '成功: 1 条', data: '成功: 1 条' });
    expect(failure('失败: 候选人不存在', s).kind).toBe('INVALID');
    expect(readResult(undefined, s, 'w')).toEqual({ duplicate: false, message: undefined, data: '' });
  });
});
