import { ConnectorError, record, type Connection, type CredentialField } from '@hub/connector-sdk';

/** Connection settings of the K/3 Cloud connector, with defaults applied (K3.md "Settings"). */
export interface K3Settings {
  /** e.g. `https://erp.example.com/K3Cloud` (no trailing slash). */
  serverUrl: string;
  loginMode: 'sign' | 'appSecret' | 'signedHeaders';
  signAlgorithm: 'sha256' | 'sha1';
  lcid: number;
  /** LoginResultType values taken as success (1; some clients also accept -5) [K1]. */
  loginSuccessTypes: number[];
  /** How long a session is reused before logging in again anyway (K/3 states no TTL: UNCONFIRMED). */
  sessionReuseMinutes: number;
  /** MsgCode values and message pattern that mean "session lost" (UNCONFIRMED, K3.md). */
  lostSessionMsgCodes: number[];
  lostSessionPattern: string;
  pageSize: number;
  /** Most models one BatchSave carries (K/3 states no limit: UNCONFIRMED); larger batches are split. */
  batchMaxRows: number;
  pollLookbackHours: number;
  /** Offset of the K/3 server's local time, which its datetime fields carry without a zone. */
  utcOffsetMinutes: number;
  interview: {
    formId: string;
    modifiedField: string;
    statusField: string;
    cancelledValues: string[];
    fields: { id: string; candidateId: string; candidateName?: string; phone?: string; email?: string; reason?: string; batchId?: string; scheduledStart?: string; position?: string; interviewer?: string; recruiter?: string; recruiterName?: string };
  };
  candidate: { formId: string; idField: string; fidField: string; phoneField: string; emailField: string; statusField: string };
  talentPool: K3KeyedForm & { poolField: string; defaultPool: string };
  followUp: K3KeyedForm & { messageField: string; recruiterField: string; defaultMessage: string };
  archive: K3KeyedForm & { noteField: string; interviewField: string };
}

/** A form written by Save with a field holding the hub's key, so a retry overwrites the same row. */
export interface K3KeyedForm {
  formId: string;
  keyField: string;
  candidateField: string;
  /** Submit then Audit after a save, for forms whose rows must be approved to count. */
  submit: boolean;
  audit: boolean;
}

const str = (v: unknown, d: string): string => (typeof v === 'string' && v.trim() ? v.trim() : d);
const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const bool = (v: unknown, d: boolean): boolean => (typeof v === 'boolean' ? v : d);
const list = <T>(v: unknown, d: T[]): T[] => (Array.isArray(v) ? (v as T[]) : d);

function keyed(v: unknown, formId: string): K3KeyedForm {
  const r = record(v) ?? {};
  return { formId: str(r.formId, formId), keyField: str(r.keyField, 'FHubKey'), candidateField: str(r.candidateField, 'FCandidateNumber'), submit: bool(r.submit, false), audit: bool(r.audit, false) };
}

export function resolveSettings(conn: Connection): K3Settings {
  const s = conn.settings;
  const serverUrl = str(s.serverUrl, '').replace(/\/+$/, '');
  if (!serverUrl) throw new ConnectorError('PERMANENT', `connection ${conn.id}: settings.serverUrl is required (e.g. https://erp.example.com/K3Cloud)`);
  const iv = record(s.interview) ?? {};
  const ivf = record(iv.fields) ?? {};
  const cand = record(s.candidate) ?? {};
  const pool = record(s.talentPool) ?? {};
  const fu = record(s.followUp) ?? {};
  const ar = record(s.archive) ?? {};
  const opt = (v: unknown, d?: string) => (typeof v === 'string' && v.trim() ? v.trim() : d);
  return {
    serverUrl,
    loginMode: s.loginMode === 'appSecret' || s.loginMode === 'signedHeaders' ? s.loginMode : 'sign',
    signAlgorithm: s.signAlgorithm === 'sha1' ? 'sha1' : 'sha256',
    lcid: num(s.lcid, 2052),
    loginSuccessTypes: list(s.loginSuccessTypes, [1]),
    sessionReuseMinutes: num(s.sessionReuseMinutes, 15),
    lostSessionMsgCodes: list(s.lostSessionMsgCodes, [1]),
    lostSessionPattern: str(s.lostSessionPattern, '会话.*(丢失|失效|过期)|重新登录|未登录|session'),
    pageSize: num(s.pageSize, 1000),
    batchMaxRows: num(s.batchMaxRows, 100),
    pollLookbackHours: num(s.pollLookbackHours, 24),
    utcOffsetMinutes: num(s.utcOffsetMinutes, 480),
    interview: {
      formId: str(iv.formId, 'PAEZ_Interview'),
      modifiedField: str(iv.modifiedField, 'FModifyDate'),
      statusField: str(iv.statusField, 'FStatus'),
      cancelledValues: list(iv.cancelledValues, ['CANCELLED']).map(String),
      fields: {
        id: str(ivf.id, 'FNumber'),
        candidateId: str(ivf.candidateId, 'FCandidateNumber'),
        candidateName: opt(ivf.candidateName, 'FCandidateName'),
        phone: opt(ivf.phone),
        email: opt(ivf.email),
        reason: opt(ivf.reason, 'FReason'),
        batchId: opt(ivf.batchId, 'FBatchId'),
        scheduledStart: opt(ivf.scheduledStart, 'FScheduledStart'),
        position: opt(ivf.position),
        interviewer: opt(ivf.interviewer),
        recruiter: opt(ivf.recruiter),
        recruiterName: opt(ivf.recruiterName),
      },
    },
    candidate: {
      formId: str(cand.formId, 'PAEZ_Candidate'),
      idField: str(cand.idField, 'FNumber'),
      fidField: str(cand.fidField, 'FID'),
      phoneField: str(cand.phoneField, 'FPhone'),
      emailField: str(cand.emailField, 'FEmail'),
      statusField: str(cand.statusField, 'FStatus'),
    },
    talentPool: { ...keyed(pool, 'PAEZ_TalentPool'), poolField: str(pool.poolField, 'FPool'), defaultPool: str(pool.defaultPool, '潜在候选人') },
    followUp: { ...keyed(fu, 'PAEZ_FollowUp'), messageField: str(fu.messageField, 'FMessage'), recruiterField: str(fu.recruiterField, 'FRecruiter'), defaultMessage: str(fu.defaultMessage, '请跟进后续意向') },
    archive: { ...keyed(ar, 'PAEZ_InterviewArchive'), noteField: str(ar.noteField, 'FNote'), interviewField: str(ar.interviewField, 'FInterviewNumber') },
  };
}

/** The largest `batchMaxRows` a connection may set, and so the most effects the hub groups into one applyBatch. */
export const K3_BATCH_MAX_ROWS = 1000;

const keyedSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { formId: { type: 'string' }, keyField: { type: 'string' }, candidateField: { type: 'string' }, submit: { type: 'boolean' }, audit: { type: 'boolean' } },
};

export const K3_SETTINGS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  required: ['serverUrl'],
  properties: {
    serverUrl: { type: 'string', pattern: '^https?://' },
    loginMode: { enum: ['sign', 'appSecret', 'signedHeaders'] },
    signAlgorithm: { enum: ['sha256', 'sha1'] },
    lcid: { type: 'integer' },
    loginSuccessTypes: { type: 'array', items: { type: 'integer' } },
    sessionReuseMinutes: { type: 'number', minimum: 1 },
    lostSessionMsgCodes: { type: 'array', items: { type: 'integer' } },
    lostSessionPattern: { type: 'string' },
    pageSize: { type: 'integer', minimum: 1, maximum: 10000 },
    batchMaxRows: { type: 'integer', minimum: 1, maximum: K3_BATCH_MAX_ROWS },
    pollLookbackHours: { type: 'number', minimum: 0 },
    utcOffsetMinutes: { type: 'integer' },
    interview: { type: 'object' },
    candidate: { type: 'object' },
    talentPool: { ...keyedSchema, properties: { ...keyedSchema.properties, poolField: { type: 'string' }, defaultPool: { type: 'string' } } },
    followUp: { ...keyedSchema, properties: { ...keyedSchema.properties, messageField: { type: 'string' }, recruiterField: { type: 'string' }, defaultMessage: { type: 'string' } } },
    archive: { ...keyedSchema, properties: { ...keyedSchema.properties, noteField: { type: 'string' }, interviewField: { type: 'string' } } },
  },
};

export const K3_CREDENTIAL_FIELDS: CredentialField[] = [
  { name: 'acctId', secret: false, required: true, description: 'K/3 Cloud data centre (账套) id' },
  { name: 'user', secret: false, required: true, description: 'integration user name' },
  { name: 'appId', secret: false, required: true, description: 'third-party system appId (第三方系统登录授权)' },
  { name: 'appSecret', secret: true, required: true, description: 'appSecret of that appId' },
  { name: 'orgNum', secret: false, required: false, description: 'organisation number (signed-header mode only)' },
  { name: 'gwSecret', secret: true, required: false, description: 'gateway secret (signed-header mode only; its derivation from the appId is UNCONFIRMED)' },
  { name: 'clientId', secret: false, required: false, description: 'X-Api-ClientID (signed-header mode; default: the appId before its first "_")' },
];
