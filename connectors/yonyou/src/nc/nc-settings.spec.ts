import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { substituteEnv } from '@hub/config';
import { describeAjvErrors } from '@hub/schema';
import { ConnectorError } from '@hub/connector-sdk';
import { demoSettings } from './testing/nc-demo.settings';
import { DEFAULT_ROW_FIELDS, NC_CREDENTIAL_FIELDS, NC_SETTINGS_SCHEMA, resolveSettings } from './nc-settings';

/** The config loader's own Ajv options (libs/config config.loader.ts). */
const ajv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(NC_SETTINGS_SCHEMA);

function withOp(key: string, op: unknown): Record<string, unknown> {
  const s = structuredClone(demoSettings('http://nc.corp.example:8080'));
  (s.operations as Record<string, unknown>)[key] = op;
  return s;
}

const op = (args: Record<string, string>) => ({ interface: 'nc.itf.hr.recruit.IInterviewSyncService', operation: 'syncInterviewCancel', args });

describe('yonyou-nc settings: JSON Schema (config load)', () => {
  it('accepts the demo settings and fills the defaults', () => {
    const s = structuredClone(demoSettings('http://nc.corp.example:8080'));
    expect(validate(s)).toBe(true);
    expect(s).toMatchObject({ servicePath: '/uapws/service', timezone: '+08:00', poll: { pageSize: 100, lookbackDays: 1, rowsField: 'list' } });
  });

  it('refuses a write whose arguments do not pass {{idempotencyKey}}, naming the fix in the path', () => {
    const s = withOp('candidateStatus', op({ arg0: '{{json}}' }));
    expect(validate(s)).toBe(false);
    const problems = describeAjvErrors(validate.errors);
    expect(problems).toContainEqual({ path: '/operations/candidateStatus/args/an argument whose template contains {{idempotencyKey}}', message: 'is required' });
    expect(validate(withOp('archiveInterview', op({ arg0: '{"key":{{ idempotencyKey | json }}}' })))).toBe(true);
  });

  it('does not ask the query for an idempotency key, and refuses unknown settings', () => {
    expect(validate(withOp('queryCancelled', op({ arg0: '{{json}}' })))).toBe(true);
    expect(validate({ ...demoSettings('http://nc.corp.example'), wsdlUrl: 'x' })).toBe(false);
    expect(validate(withOp('candidateStatus', { ...op({ arg0: '{{idempotencyKey}}' }), interface: 'not a class name' }))).toBe(false);
  });
});

describe('yonyou-nc settings: the example connection of NC.md', () => {
  it('is valid as the config loader reads it (env defaults substituted), with known credentials', () => {
    const doc = readFileSync(join(__dirname, '../../NC.md'), 'utf8');
    const block = /## Example connection[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const tree = substituteEnv(parse(`connections:\n${block}`), {}).value as { connections: { id: string; connector: string; credentials: Record<string, string>; settings: Record<string, unknown> }[] };
    const [c] = tree.connections;
    expect(c).toMatchObject({ id: 'yonyou-nc', connector: 'yonyou-nc', settings: { baseUrl: 'http://127.0.0.1:4010' } });
    expect(validate(c.settings)).toBe(true);
    expect(Object.keys(c.credentials).every((k) => NC_CREDENTIAL_FIELDS.some((f) => f.name === k))).toBe(true);
    expect(Object.keys(resolveSettings(c).operations).sort()).toEqual(['archiveInterview', 'candidateStatus', 'queryCancelled', 'tagTalentPool']);
  });
});

describe('yonyou-nc settings: resolveSettings', () => {
  it('applies defaults: service path, timeout, no auth, fault rules, demo row fields', () => {
    const s = resolveSettings({ settings: { baseUrl: 'http://nc.corp.example:8080/', operations: {} } });
    expect(s).toMatchObject({ baseUrl: 'http://nc.corp.example:8080', servicePath: '/uapws/service', timeoutMs: 20000, auth: 'none', timezone: '+08:00', operations: {} });
    expect(s.poll.fields).toEqual(DEFAULT_ROW_FIELDS);
    expect(s.faultRules[0]).toMatchObject({ kind: 'RATE_LIMITED' });
    expect(s.faultRules[0].match.test('soap:Server 请求过于频繁，请稍后再试')).toBe(true);
  });

  it('fills result defaults per operation and keeps the tenant\'s row fields', () => {
    const s = resolveSettings({ settings: { ...demoSettings('http://nc.example'), poll: { fields: { interviewId: 'pk_ms' } } } });
    expect(s.operations.candidateStatus?.result).toEqual({
      format: 'json',
      successField: 'success',
      codeField: 'code',
      successCodes: ['0', '200'],
      messageField: 'message',
      dataField: 'data',
      refField: 'id',
      codeKinds: {},
    });
    expect(s.poll.fields).toMatchObject({ interviewId: 'pk_ms', candidateId: 'pk_candidate' });
  });

  it.each([
    ['a write without {{idempotencyKey}}', withOp('tagTalentPool', op({ arg0: '{{json}}' })), /operations.tagTalentPool.args must pass \{\{idempotencyKey\}\}/],
    ['an unknown variable', withOp('candidateStatus', op({ arg0: '{{candidate.idCard}}', arg1: '{{idempotencyKey}}' })), /uses \{\{candidate.idCard\}\}/],
    ['a query variable in a write', withOp('candidateStatus', op({ arg0: '{{since}}', arg1: '{{idempotencyKey}}' })), /uses \{\{since\}\}/],
    ['a malformed placeholder', withOp('candidateStatus', op({ arg0: '{{json}', arg1: '{{idempotencyKey}}' })), /malformed placeholder/],
    ['a bad fault rule', { ...demoSettings('http://nc.example'), faultRules: [{ match: '(', kind: 'RATE_LIMITED' }] }, /faultRules\[0\].match is not a regular expression/],
    ['no baseUrl', { operations: {} }, /baseUrl is required/],
  ])('refuses %s with INVALID', (_what, settings, message) => {
    let error: unknown;
    try {
      resolveSettings({ settings });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('INVALID');
    expect((error as Error).message).toMatch(message);
  });
});
