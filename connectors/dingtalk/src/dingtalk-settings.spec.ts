import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { DEFAULT_HINT_EVENT_TYPES, DINGTALK_SETTINGS_SCHEMA, resolveSettings } from './dingtalk-settings';

describe('resolveSettings', () => {
  it('applies every default to empty settings', () => {
    expect(resolveSettings({ settings: {} })).toEqual({
      inbound: 'http',
      apiBaseUrl: 'https://api.dingtalk.com',
      oapiBaseUrl: 'https://oapi.dingtalk.com',
      ownerKeyType: 'corpId',
      replayWindowSeconds: 300,
      sweepCallsPerSecond: 10,
      pollCallsPerSecond: 40,
      pollCallsPerMinute: 1500,
      pollConcurrency: 4,
      agentId: undefined,
      pollHorizonDays: 29,
      pollLookbackDays: 1,
      pageSize: 100,
      trackedCandidateIds: [],
      discoverCandidates: true,
      timezone: '+08:00',
      jobLookup: false,
      isvId: 'hr-connector-hub',
      archiveListVariant: 'candidateInfoVOList',
      opUserId: undefined,
      hintEventTypes: DEFAULT_HINT_EVENT_TYPES,
      hintCandidateIdField: 'candidateId',
      failedPushRecovery: true,
      failedPushMaxPages: 50,
    });
  });

  it('keeps configured values, trims base URLs and clamps numbers', () => {
    const s = resolveSettings({
      settings: {
        apiBaseUrl: 'http://127.0.0.1:9000/',
        ownerKeyType: 'appKey',
        replayWindowSeconds: 0,
        agentId: 12345,
        pageSize: 500,
        timezone: '+09:00',
        trackedCandidateIds: ['c1', 7, 'c2'],
      },
    });
    expect(s).toMatchObject({
      apiBaseUrl: 'http://127.0.0.1:9000',
      ownerKeyType: 'appKey',
      replayWindowSeconds: 0,
      agentId: '12345',
      pageSize: 200,
      timezone: '+09:00',
      trackedCandidateIds: ['c1', 'c2'],
    });
  });

  it('turns discovery off only for an explicit false', () => {
    expect(resolveSettings({ settings: { discoverCandidates: false } }).discoverCandidates).toBe(false);
    expect(resolveSettings({ settings: { discoverCandidates: 'no' } }).discoverCandidates).toBe(true);
  });

  it('falls back on values the schema would reject', () => {
    expect(resolveSettings({ settings: { ownerKeyType: 'other', timezone: 'CST', replayWindowSeconds: -5 } })).toMatchObject({
      ownerKeyType: 'corpId',
      timezone: '+08:00',
      replayWindowSeconds: 0,
    });
  });
});

describe('DINGTALK_SETTINGS_SCHEMA', () => {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const validate = ajv.compile(DINGTALK_SETTINGS_SCHEMA);

  it('compiles in strict mode and accepts a full configuration', () => {
    expect(
      validate({
        apiBaseUrl: 'https://api.dingtalk.com',
        ownerKeyType: 'suiteKey',
        replayWindowSeconds: 300,
        agentId: '2234567',
        trackedCandidateIds: ['c1'],
        discoverCandidates: false,
        opUserId: 'hr-1',
        timezone: '+08:00',
      }),
    ).toBe(true);
  });

  it('rejects an unknown owner key type, a negative window and unknown keys', () => {
    expect(validate({ ownerKeyType: 'userId' })).toBe(false);
    expect(validate({ replayWindowSeconds: -1 })).toBe(false);
    expect(validate({ surprise: true })).toBe(false);
  });
});
