import { ConnectorError, type Connection, type CredentialField } from '@hub/connector-sdk';

/**
 * Settings of a `kingdee-cosmic` connection (COSMIC.md "Settings"). Cosmic has no public recruiting object, so every
 * form id and field name is configuration; the defaults match the sandbox seed.
 */
export interface CosmicFormRef {
  /** Developer prefix (`isv`); empty for Kingdee's own forms, which drops the segment [K3 doc copy]. */
  isv: string;
  appId: string;
  formId: string;
}

export interface CosmicSaveForm extends CosmicFormRef {
  /** Field holding the key derived from the delivery's idempotency key (the form dedups on it). */
  keyField: string;
  candidateField: string;
  interviewField: string;
  /** Field taking the effect's value (status, pool, reminder text…). */
  valueField: string;
  /** Constant fields added to every saved bill. */
  extra: Record<string, unknown>;
}

export interface CosmicSettings {
  baseUrl: string;
  language: string;
  /** Header carrying the token: `access_token` [K3] (callers also send `accesstoken`, [K4]). */
  tokenHeader: string;
  /** `timestamp` of getToken: `wallclock` (`yyyy-MM-dd HH:mm:ss` in `timezone`, the doc example) or `iso` (UTC, V7.0.13+) [K3]. */
  timestampFormat: 'wallclock' | 'iso';
  /** Offset of the tenant's wall clock; times in rows and filters are written in it. */
  timezone: string;
  /** errorCode values meaning "the token is no good" (UNCONFIRMED beyond 401 of getToken and 612 of verifyToken [K3]). */
  authErrorCodes: string[];
  /** errorCode values meaning "throttled" (UNCONFIRMED: the refusal of the 31st token call a minute is not documented). */
  rateLimitCodes: string[];
  pageSize: number;
  /** Most bills one `save` carries (and keys one lookup asks for); Cosmic's own limit is UNCONFIRMED. */
  batchMaxRows: number;
  poll: CosmicFormRef & {
    fields: { id: string; status: string; modifiedAt: string; batchId: string; candidateId: string; candidateName: string; phone: string; email: string; reason: string; scheduledStart: string; positionTitle: string };
    cancelledStatuses: string[];
    /** Suffix of the modification-time filter key: `data.<modifiedAt><suffix> = since` (UNCONFIRMED grammar). */
    sinceSuffix: string;
    lookbackHours: number;
  };
  candidates: CosmicFormRef & { fields: { id: string; name: string; phone: string; email: string } };
  effects: Partial<Record<'candidateStatus' | 'archiveInterview' | 'moveToTalentPool' | 'followUpReminder', CosmicSaveForm>>;
}

export const COSMIC_CREDENTIAL_FIELDS: CredentialField[] = [
  { name: 'clientId', secret: false, required: true, description: '第三方应用系统编码 (client_id) [K3]' },
  { name: 'clientSecret', secret: true, required: true, description: 'AccessToken 认证密钥 (client_secret) [K3]' },
  { name: 'username', secret: false, required: true, description: '第三方应用代理用户 (username) [K3]' },
  { name: 'accountId', secret: false, required: true, description: '数据中心 id (accountId) [K3]' },
  { name: 'identity', secret: true, required: false, description: 'x-acgw-identity gateway header, sent when set [K4]' },
];

/** The most bills the connector ever puts in one `save` (the schema's ceiling of `batchMaxRows`). */
export const COSMIC_BATCH_MAX_ROWS = 200;
const DEFAULT_BATCH_MAX_ROWS = 100;

const formRef = { isv: { type: 'string' }, appId: { type: 'string' }, formId: { type: 'string' } };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const saveForm = {
  type: 'object',
  required: ['formId'],
  properties: { ...formRef, keyField: { type: 'string' }, candidateField: { type: 'string' }, interviewField: { type: 'string' }, valueField: { type: 'string' }, extra: { type: 'object' } },
};

export const COSMIC_SETTINGS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  required: ['baseUrl'],
  properties: {
    baseUrl: { type: 'string', minLength: 1 },
    isv: { type: 'string' },
    appId: { type: 'string' },
    language: { type: 'string' },
    tokenHeader: { type: 'string', minLength: 1 },
    timestampFormat: { enum: ['wallclock', 'iso'] },
    timezone: { type: 'string', pattern: '^[+-]\\d{2}:\\d{2}$' },
    authErrorCodes: { type: 'array', items: { type: 'string' } },
    rateLimitCodes: { type: 'array', items: { type: 'string' } },
    pageSize: { type: 'integer', minimum: 1, maximum: 10000 },
    batchMaxRows: { type: 'integer', minimum: 1, maximum: COSMIC_BATCH_MAX_ROWS, default: DEFAULT_BATCH_MAX_ROWS, description: 'Most bills one save carries; Cosmic documents no limit (UNCONFIRMED)' },
    poll: {
      type: 'object',
      properties: { ...formRef, fields: stringMap, cancelledStatuses: { type: 'array', items: { type: 'string' } }, sinceSuffix: { type: 'string' }, lookbackHours: { type: 'number', minimum: 0 } },
    },
    candidates: { type: 'object', properties: { ...formRef, fields: stringMap } },
    effects: {
      type: 'object',
      properties: { candidateStatus: saveForm, archiveInterview: saveForm, moveToTalentPool: saveForm, followUpReminder: saveForm },
      additionalProperties: false,
    },
  },
};

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strings = (v: unknown, fallback: string[]): string[] => (Array.isArray(v) ? v.map(String) : fallback);

const EFFECT_DEFAULTS: Record<keyof CosmicSettings['effects'], { formId: string; valueField: string }> = {
  candidateStatus: { formId: 'hr_candidate_statuslog', valueField: 'status' },
  archiveInterview: { formId: 'hr_interview_archive', valueField: 'remark' },
  moveToTalentPool: { formId: 'hr_talentpool_entry', valueField: 'pool' },
  followUpReminder: { formId: 'hr_followup_reminder', valueField: 'content' },
};

/** The connection's settings with every default applied. */
export function resolveSettings(conn: Connection): CosmicSettings {
  const s = conn.settings as Record<string, unknown>;
  const baseUrl = str(s.baseUrl, '').replace(/\/+$/, '');
  if (!baseUrl) throw new ConnectorError('PERMANENT', `connection ${conn.id}: settings.baseUrl is required`);
  const isv = str(s.isv, '');
  const appId = str(s.appId, 'hr');
  const ref = (v: Record<string, unknown>, formId: string): CosmicFormRef => ({ isv: str(v.isv, isv), appId: str(v.appId, appId), formId: str(v.formId, formId) });
  const poll = obj(s.poll);
  const pf = obj(poll.fields);
  const cand = obj(s.candidates);
  const cf = obj(cand.fields);
  const effects: CosmicSettings['effects'] = {};
  const configured = obj(s.effects);
  for (const [type, d] of Object.entries(EFFECT_DEFAULTS) as [keyof CosmicSettings['effects'], { formId: string; valueField: string }][]) {
    const e = obj(configured[type]);
    effects[type] = {
      ...ref(e, d.formId),
      keyField: str(e.keyField, 'hubkey'),
      candidateField: str(e.candidateField, 'candidate'),
      interviewField: str(e.interviewField, 'interview'),
      valueField: str(e.valueField, d.valueField),
      extra: obj(e.extra),
    };
  }
  return {
    baseUrl,
    language: str(s.language, 'zh_CN'),
    tokenHeader: str(s.tokenHeader, 'access_token') || 'access_token',
    timestampFormat: s.timestampFormat === 'iso' ? 'iso' : 'wallclock',
    timezone: str(s.timezone, '+08:00'),
    authErrorCodes: strings(s.authErrorCodes, ['401', '612']),
    rateLimitCodes: strings(s.rateLimitCodes, ['429']),
    pageSize: Number.isInteger(s.pageSize) ? (s.pageSize as number) : 100,
    batchMaxRows: Number.isInteger(s.batchMaxRows) && (s.batchMaxRows as number) >= 1 ? Math.min(s.batchMaxRows as number, COSMIC_BATCH_MAX_ROWS) : DEFAULT_BATCH_MAX_ROWS,
    poll: {
      ...ref(poll, 'hr_interview'),
      fields: {
        id: str(pf.id, 'id'),
        status: str(pf.status, 'status'),
        modifiedAt: str(pf.modifiedAt, 'modifytime'),
        batchId: str(pf.batchId, 'batchid'),
        candidateId: str(pf.candidateId, 'candidate'),
        candidateName: str(pf.candidateName, 'candidatename'),
        phone: str(pf.phone, 'phone'),
        email: str(pf.email, 'email'),
        reason: str(pf.reason, 'cancelreason'),
        scheduledStart: str(pf.scheduledStart, 'starttime'),
        positionTitle: str(pf.positionTitle, 'position'),
      },
      cancelledStatuses: strings(poll.cancelledStatuses, ['C']),
      sinceSuffix: str(poll.sinceSuffix, '_start'),
      lookbackHours: typeof poll.lookbackHours === 'number' ? poll.lookbackHours : 24,
    },
    candidates: { ...ref(cand, 'hr_candidate'), fields: { id: str(cf.id, 'id'), name: str(cf.name, 'name'), phone: str(cf.phone, 'phone'), email: str(cf.email, 'email') } },
    effects,
  };
}

/** `/kapi/v2/{isv}/{appId}/{formId}/{op}`, the isv segment left out when empty [K3 doc copy]. */
export function formPath(ref: CosmicFormRef, op: string): string {
  return `/kapi/v2/${[ref.isv, ref.appId, ref.formId, op].filter((p) => p !== '').map(encodeURIComponent).join('/')}`;
}
