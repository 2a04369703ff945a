import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { checkConnectorDeclaration, registeredConnectorClasses } from '@hub/connector-sdk';
import { YonyouBipConnector } from './bip.connector';
import { DEFAULT_FIELDS, resolveSettings } from './bip-settings';
import { BIP_SETTINGS_SCHEMA } from './bip-settings.schema';

function validator() {
  const ajv = new Ajv({ strict: false, useDefaults: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(BIP_SETTINGS_SCHEMA);
}

describe('YonBIP settings', () => {
  it('fills every default: gateway lookup, base/v1 token, +08:00, plain push reply, remark fields', () => {
    const s = resolveSettings({ settings: {} });
    expect(s).toMatchObject({
      gatewayLookupUrl: 'https://apigateway.yonyoucloud.com',
      tokenApiVersion: 'base/v1',
      timezone: '+08:00',
      pageSize: 100,
      pushReply: 'plain',
      replayWindowSeconds: 300,
      statusField: 'status',
      resubmitCheckKeyIn: 'data',
      archive: { mode: 'remarkField', field: 'memo' },
      tags: { mode: 'remarkField', field: 'tagRemark' },
      cancelledStates: { candidateStatus: ['2', '7'], billstate: ['5', '13'] },
      approval: { enabled: true, historyPath: '/yonbip/hrcloud/interviewCancelApply/approvalHistory' },
      eventCenter: { tokenHeader: 'token', candidateEventTypes: ['HRED_CANDIDATE_STATUS_CHANGE'], candidateIdPaths: ['id', 'candidateId'] },
      fields: DEFAULT_FIELDS,
    });
    expect(s.gatewayUrl).toBeUndefined();
  });

  it('uses explicit gateway URLs only as a pair, and reads partial field maps over the defaults', () => {
    expect(resolveSettings({ settings: { gatewayUrl: 'https://x/iuap-api-gateway/' } }).gatewayUrl).toBeUndefined();
    const s = resolveSettings({ settings: { gatewayUrl: 'https://x/iuap-api-gateway/', tokenUrl: 'https://x/iuap-api-auth', fields: { reason: 'why', modifiedAt: 'changed' } } });
    expect([s.gatewayUrl, s.tokenUrl]).toEqual(['https://x/iuap-api-gateway', 'https://x/iuap-api-auth']);
    expect(s.fields).toEqual({ ...DEFAULT_FIELDS, reason: 'why', modifiedAt: ['changed'] });
  });

  it('accepts the documented example connection and refuses broken ones, naming the problem', () => {
    const validate = validator();
    const example = {
      gatewayLookupUrl: 'http://127.0.0.1:4010',
      pushReply: 'plain',
      trackedCandidateIds: ['c-1'],
      archive: { mode: 'endpoint', path: '/yonbip/custom/interviewArchive' },
      eventCenter: { tokenHeader: 'token' },
    };
    expect(validate(example)).toBe(true);
    expect(validate({ gatewayUrl: 'https://x' })).toBe(false);
    expect(validate({ archive: { mode: 'endpoint' } })).toBe(false);
    expect(validate({ pushReply: 'json' })).toBe(false);
    expect(validate({ unknownSetting: 1 })).toBe(false);
    expect(validate({ pageSize: 501 })).toBe(false);
  });
});

describe('YonyouBipConnector declaration', () => {
  it('is registered as "yonyou" (system yonyou) and declares itself consistently', () => {
    const connector = new YonyouBipConnector();
    expect([connector.id, connector.system]).toEqual(['yonyou', 'yonyou']);
    expect(checkConnectorDeclaration(connector)).toEqual([]);
    expect(registeredConnectorClasses().get('yonyou')).toBe(YonyouBipConnector);
    expect(connector.capabilities.repeat).toEqual({ candidateStatus: 'keyed', archiveInterview: 'keyed', tagTalentPool: 'keyed' });
    expect(connector.capabilities.requiresLinks?.candidateStatus).toEqual(['candidate']);
    expect(connector.credentialFields.filter((f) => f.secret).map((f) => f.name).sort()).toEqual(['aesKey', 'appSecret', 'eventCenterToken', 'pushSecret']);
  });
});
