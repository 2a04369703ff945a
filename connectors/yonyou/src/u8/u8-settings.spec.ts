import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DEFAULT_U8_EFFECTS, resolveU8Settings, U8_SETTINGS_SCHEMA } from './u8-settings';

function validate(settings: unknown): boolean {
  const ajv = new Ajv({ strict: false, useDefaults: true });
  addFormats(ajv);
  return ajv.compile(U8_SETTINGS_SCHEMA)(settings);
}

describe('U8 settings', () => {
  it('defaults to U8 asynchronous adds with a tradeid, a check by code, and bounded result polling', () => {
    const s = resolveU8Settings({ settings: {} });
    expect(s).toMatchObject({
      baseUrl: 'https://api.yonyouup.com',
      writeMode: 'async',
      writeKey: 'tradeid',
      precheck: true,
      resultPoll: { maxAttempts: 20, maxIntervalMs: 10_000, maxWaitMs: 60_000 },
      businessKey: { prefix: 'HUB', length: 20 },
      effects: DEFAULT_U8_EFFECTS,
    });
    expect(s.resultPoll.intervalMs).toBeUndefined();
  });

  it('accepts the example connection settings of U8.md and resolves a tenant mapping', () => {
    const settings = {
      baseUrl: 'http://127.0.0.1:4010/',
      dsSequence: 1,
      resultPoll: { intervalMs: 1000, maxAttempts: 10, maxWaitMs: 30000 },
      effects: {
        candidateStatus: { resource: 'interviewstatus', fields: { status: '{{status}}', name: '{{candidate.name}}' } },
        archiveInterview: { resource: 'interviewarchive', keyField: 'code', fields: { name: '{{candidate.name}}', memo: '{{summary}}' } },
      },
      errcodes: { auth: ['30002'] },
    };
    expect(validate(structuredClone(settings))).toBe(true);
    const s = resolveU8Settings({ settings });
    expect(s.baseUrl).toBe('http://127.0.0.1:4010');
    expect(s.dsSequence).toBe(1);
    expect(s.effects.candidateStatus).toEqual({ resource: 'interviewstatus', bodyKey: 'interviewstatus', keyField: 'code', fields: { status: '{{status}}', name: '{{candidate.name}}' } });
    expect(s.effects.archiveInterview.fields).toEqual({ name: '{{candidate.name}}', memo: '{{summary}}' });
    expect(s.errcodes.auth).toEqual(['30002']);
    expect(s.errcodes.duplicate).toEqual(['20002']);
  });

  it('refuses unknown settings and malformed resources at config load', () => {
    expect(validate({ writemode: 'sync' })).toBe(false);
    expect(validate({ effects: { archiveInterview: { resource: 'Interview Archive' } } })).toBe(false);
    expect(validate({ effects: { notify: { resource: 'x' } } })).toBe(false);
  });
});
