import type { CredentialField } from '@hub/connector-sdk';
import {
  DEFAULT_APPROVAL_HISTORY_PATH,
  DEFAULT_AUTH_ERROR_CODES,
  DEFAULT_CANCELLED_STATES,
  DEFAULT_DUPLICATE_CODES,
  DEFAULT_FIELDS,
  DEFAULT_HINT_EVENT_TYPES,
  DEFAULT_RATE_LIMIT_CODES,
  DEFAULT_STATE_REASONS,
  PUSH_REPLIES,
  RESUBMIT_KEY_PLACES,
  TOKEN_API_VERSIONS,
} from './bip-settings';

const codes = (fallback: string[], description: string) => ({ type: 'array', items: { type: 'string', minLength: 1 }, default: fallback, description });
const path = { type: 'string', pattern: '^/' };

const writeTarget = (field: string, what: string) => ({
  description: `Where ${what} is written: remarkField (appended to this candidate field through updateCandidate) or endpoint (POST to a tenant-built API on the gateway). UNCONFIRMED: YonBIP documents no such API.`,
  default: { mode: 'remarkField', field },
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['mode', 'field'], properties: { mode: { const: 'remarkField' }, field: { type: 'string', minLength: 1 } } },
    { type: 'object', additionalProperties: false, required: ['mode', 'path'], properties: { mode: { const: 'endpoint' }, path } },
  ],
});

const fieldNames = Object.fromEntries(Object.entries(DEFAULT_FIELDS).map(([k, v]) => [k, Array.isArray(v) ? { type: 'array', items: { type: 'string', minLength: 1 }, default: v } : { type: 'string', minLength: 1, default: v }]));

/** JSON Schema of `connection.settings` (validated by the hub at config load); BIP.md "Configuration" explains each. */
export const BIP_SETTINGS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  dependencies: { gatewayUrl: ['tokenUrl'], tokenUrl: ['gatewayUrl'] },
  properties: {
    gatewayLookupUrl: { type: 'string', format: 'uri', default: 'https://apigateway.yonyoucloud.com', description: 'Origin of the data-center lookup (getGatewayAddress)' },
    gatewayUrl: { type: 'string', format: 'uri', description: 'Business gateway (…/iuap-api-gateway); with tokenUrl it replaces the lookup' },
    tokenUrl: { type: 'string', format: 'uri', description: 'Auth origin (…/iuap-api-auth); with gatewayUrl it replaces the lookup' },
    gatewayCacheHours: { type: 'integer', minimum: 1, maximum: 720, default: 12, description: 'How long a looked-up gateway is reused (UNCONFIRMED: YonBIP states no lifetime)' },
    tokenApiVersion: { enum: [...TOKEN_API_VERSIONS], default: 'base/v1', description: 'base/v1: /open-auth/selfAppAuth/base/v1/getAccessToken (since 2023-07); legacy: /open-auth/selfAppAuth/getAccessToken' },
    timezone: { type: 'string', pattern: '^[+-](0[0-9]|1[0-4]):[0-5][0-9]$', default: '+08:00', description: 'Offset of the tenant, in which YonBIP writes its times' },
    authErrorCodes: codes(DEFAULT_AUTH_ERROR_CODES, 'Business codes meaning the access token expired (UNCONFIRMED)'),
    rateLimitCodes: codes(DEFAULT_RATE_LIMIT_CODES, 'Business codes meaning throttled (UNCONFIRMED)'),
    duplicateCodes: codes(DEFAULT_DUPLICATE_CODES, 'Business codes meaning "this resubmitCheckKey was already applied" (UNCONFIRMED)'),
    pageSize: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'Candidate list pageSize (the API allows ≤ 500)' },
    maxPages: { type: 'integer', minimum: 1, maximum: 10000, default: 200, description: 'Most pages one list read follows' },
    pollConcurrency: { type: 'integer', minimum: 1, maximum: 16, default: 4 },
    pollLookbackHours: { type: 'integer', minimum: 0, maximum: 8784, default: 24, description: 'How far back the first poll (no cursor) looks' },
    trackedCandidateIds: { type: 'array', items: { type: 'string', minLength: 1 }, default: [], description: 'Candidates every sweep reads, never dropped' },
    cancelledStates: {
      type: 'object',
      additionalProperties: false,
      default: DEFAULT_CANCELLED_STATES,
      properties: { candidateStatus: codes(DEFAULT_CANCELLED_STATES.candidateStatus, 'Candidate status values that mean cancelled'), billstate: codes(DEFAULT_CANCELLED_STATES.billstate, 'Hiring-form billstate values that mean cancelled') },
    },
    stateReasons: { type: 'object', additionalProperties: { type: 'string' }, default: DEFAULT_STATE_REASONS, description: 'Raw reason value per state ("status:7", "billstate:13") when the candidate has none' },
    fields: { type: 'object', additionalProperties: false, default: DEFAULT_FIELDS, properties: fieldNames, description: 'Field names (dotted paths) of the candidate detail, incl. tenant custom fields' },
    approval: {
      type: 'object',
      additionalProperties: false,
      default: { enabled: true, historyPath: DEFAULT_APPROVAL_HISTORY_PATH },
      properties: { enabled: { type: 'boolean', default: true }, historyPath: { ...path, default: DEFAULT_APPROVAL_HISTORY_PATH } },
      description: 'The 面试取消申请 approval-trail API (UNCONFIRMED: YonBIP publishes none)',
    },
    statusField: { type: 'string', minLength: 1, default: 'status', description: 'Field updateCandidate writes the status value to (UNCONFIRMED)' },
    resubmitCheckKeyIn: { enum: [...RESUBMIT_KEY_PLACES], default: 'data', description: 'Where writes carry resubmitCheckKey: inside data (the doc example) or beside it' },
    archive: writeTarget('memo', 'the interview archive note'),
    tags: writeTarget('tagRemark', 'the talent tags'),
    resolveFilters: {
      type: 'object',
      additionalProperties: false,
      default: { phone: 'mobile', email: 'email' },
      properties: { phone: { type: 'string', minLength: 1, default: 'mobile' }, email: { type: 'string', minLength: 1, default: 'email' } },
      description: 'Candidate list body filters used by resolve (UNCONFIRMED; every row is re-checked)',
    },
    pushReply: { enum: [...PUSH_REPLIES], default: 'plain', description: 'Answer to open-platform pushes: plain "success" (the official demos) or the encrypted one (the README)' },
    replayWindowSeconds: { type: 'integer', minimum: 0, default: 300, description: 'Accepted age of push timestamps, 0 disables' },
    hintEventTypes: codes(DEFAULT_HINT_EVENT_TYPES, 'Open-platform push types that trigger a poll of what changed'),
    eventCenter: {
      type: 'object',
      additionalProperties: false,
      default: { tokenHeader: 'token', candidateEventTypes: ['HRED_CANDIDATE_STATUS_CHANGE'], candidateIdPaths: ['id', 'candidateId'] },
      properties: {
        tokenHeader: { type: 'string', minLength: 1, default: 'token', description: 'Header carrying the subscription token (UNCONFIRMED)' },
        candidateEventTypes: codes(['HRED_CANDIDATE_STATUS_CHANGE'], 'Event-center types about candidates (UNCONFIRMED)'),
        candidateIdPaths: codes(['id', 'candidateId'], 'Paths of the candidate id inside userObject'),
      },
    },
  },
};

/** Credential fields; secrets are encrypted at rest and redacted by the hub. */
export const BIP_CREDENTIAL_FIELDS: CredentialField[] = [
  { name: 'appKey', secret: false, required: true, description: 'Self-built app appKey; also the push owner key unless ownerKey is set' },
  { name: 'appSecret', secret: true, required: true, description: 'Self-built app appSecret (token signature); also the push secret and AES key source unless set' },
  { name: 'tenantId', secret: false, required: false, description: 'YonBIP tenant id, for the gateway lookup (not needed with gatewayUrl + tokenUrl)' },
  { name: 'pushSecret', secret: true, required: false, description: 'Open-platform push signing secret (app or suite secret); default appSecret' },
  { name: 'aesKey', secret: true, required: false, description: '43-character push EncodingAESKey; default derived from appSecret as the self-built-app demo does' },
  { name: 'ownerKey', secret: false, required: false, description: 'Key after each push message (appKey or suiteKey); default appKey' },
  { name: 'eventCenterToken', secret: true, required: false, description: 'Token of the event-center REST subscription (token mode)' },
];
