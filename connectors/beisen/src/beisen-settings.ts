import { ConnectorError, record, type Connection, type CredentialField } from '@hub/connector-sdk';

/** Calls per window Beisen allows one tenant on one API (README "Limits"). */
export interface BeisenLimit {
  perSecond: number;
  perMinute: number;
}

/** Where TransferPhase moves an apply for one status label of the tenant's mapping (`statusValues`). */
export interface BeisenPhaseTarget {
  phaseId: string;
  statusId: string;
}

/** Connection settings of the Beisen connector, with defaults applied (README "Settings"). */
export interface BeisenSettings {
  baseUrl: string;
  /** The recruiting process the tenant's applies run in: by GUID or by code (Setting/GetProcessConfigBy*). */
  process: { id?: string; code?: string };
  /** Status label (mapping.statusValues) → phase and status GUIDs of that process. */
  statuses: Record<string, BeisenPhaseTarget>;
  /** Reason GUID sent with TransferPhase (`reasonId`), when the tenant's process requires one. */
  transferReasonId?: string;
  talentPool: { addPath: string; tagPath: string; pools: Record<string, string> };
  candidateSearch: { path: string };
  interview: { cancelledStatuses: string[]; scheduledStatuses: string[] };
  /** Offset of the tenant-local times Beisen's recruiting APIs carry without a zone (UNCONFIRMED: +08:00). */
  utcOffsetMinutes: number;
  /** The first poll reads applies modified this far back. */
  pollLookbackHours: number;
  /** Each window of GetApplyListByModifiedTime starts this much before the last one ended (clock skew, late stamps). */
  pollOverlapSeconds: number;
  /** A sweep also reads interviews by date for today and this many days ahead (GetInterviewsByDate); 0: none. */
  sweepInterviewDays: number;
  /** Most applyIds one TransferPhase carries (Beisen: 100). */
  transferMaxApplies: number;
  limits: { list: BeisenLimit; transferPhase: BeisenLimit; write: BeisenLimit };
  /** Share of each documented limit the connector uses, leaving room for the tenant's other integrations. */
  limitShare: number;
  /** Times a 429 is waited out and the call sent again before RATE_LIMITED reaches the hub. */
  throttleRetries: number;
  /** How long an asynchronous write (X-PAAS-Request-ID) is followed before the hub is told to try later. */
  asyncWaitSeconds: number;
  /** Async status values (AsyncApiExecInfo) meaning done and failed (UNCONFIRMED). */
  asyncSuccess: string[];
  asyncFailed: string[];
  /** Message of Beisen's block of an identical write (UNCONFIRMED wording), and how long the block lasts (3 s [B2]). */
  duplicateBlockPattern: string;
  duplicateBlockSeconds: number;
  /** Message of CancelInterview for an interview already cancelled (UNCONFIRMED wording). */
  alreadyCancelledPattern: string;
}

const str = (v: unknown, d: string): string => (typeof v === 'string' && v.trim() ? v.trim() : d);
const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const strings = (v: unknown, d: string[]): string[] => (Array.isArray(v) ? v.map(String) : d);
const opt = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function limit(v: unknown, d: BeisenLimit): BeisenLimit {
  const r = record(v) ?? {};
  return { perSecond: num(r.perSecond, d.perSecond), perMinute: num(r.perMinute, d.perMinute) };
}

export const DEFAULT_BASE_URL = 'https://openapi.italent.cn';

export function resolveSettings(conn: Connection): BeisenSettings {
  const s = conn.settings;
  const process = record(s.process) ?? {};
  const pool = record(s.talentPool) ?? {};
  const iv = record(s.interview) ?? {};
  const limits = record(s.limits) ?? {};
  const statuses: Record<string, BeisenPhaseTarget> = {};
  for (const [label, v] of Object.entries(record(s.statuses) ?? {})) {
    const t = record(v) ?? {};
    if (typeof t.phaseId === 'string' && typeof t.statusId === 'string') statuses[label] = { phaseId: t.phaseId, statusId: t.statusId };
  }
  const resolved: BeisenSettings = {
    baseUrl: str(s.baseUrl, DEFAULT_BASE_URL).replace(/\/+$/, ''),
    process: { id: opt(process.id), code: opt(process.code) },
    statuses,
    transferReasonId: opt(s.transferReasonId),
    talentPool: {
      addPath: str(pool.addPath, 'TalentPool/AddApplicants'),
      tagPath: str(pool.tagPath, 'TalentPool/AddTags'),
      pools: Object.fromEntries(Object.entries(record(pool.pools) ?? {}).map(([k, v]) => [k, String(v)])),
    },
    candidateSearch: { path: str(record(s.candidateSearch)?.path, 'Applicant/GetApplicantListByContact') },
    interview: { cancelledStatuses: strings(iv.cancelledStatuses, ['Cancelled']), scheduledStatuses: strings(iv.scheduledStatuses, ['Scheduled']) },
    utcOffsetMinutes: num(s.utcOffsetMinutes, 480),
    pollLookbackHours: num(s.pollLookbackHours, 24),
    pollOverlapSeconds: num(s.pollOverlapSeconds, 60),
    sweepInterviewDays: num(s.sweepInterviewDays, 0),
    transferMaxApplies: num(s.transferMaxApplies, BEISEN_TRANSFER_MAX_APPLIES),
    limits: {
      list: limit(limits.list, { perSecond: 20, perMinute: 1000 }),
      transferPhase: limit(limits.transferPhase, { perSecond: 50, perMinute: 1500 }),
      write: limit(limits.write, { perSecond: 20, perMinute: 1000 }),
    },
    limitShare: num(s.limitShare, 0.9),
    throttleRetries: num(s.throttleRetries, 5),
    asyncWaitSeconds: num(s.asyncWaitSeconds, 30),
    asyncSuccess: strings(s.asyncSuccess, ['Success', 'Succeeded', 'Completed']),
    asyncFailed: strings(s.asyncFailed, ['Failed', 'Fail', 'Error']),
    duplicateBlockPattern: str(s.duplicateBlockPattern, '重复提交|请勿重复|3秒内'),
    duplicateBlockSeconds: num(s.duplicateBlockSeconds, 3),
    alreadyCancelledPattern: str(s.alreadyCancelledPattern, '已取消'),
  };
  if (!resolved.process.id && !resolved.process.code) throw new ConnectorError('PERMANENT', `connection ${conn.id}: settings.process needs id or code (the recruiting process GUID or code)`);
  return resolved;
}

/** Beisen's documented most applyIds per TransferPhase; also the most effects the hub groups into one applyBatch. */
export const BEISEN_TRANSFER_MAX_APPLIES = 100;

const limitSchema = { type: 'object', additionalProperties: false, properties: { perSecond: { type: 'number', exclusiveMinimum: 0 }, perMinute: { type: 'number', exclusiveMinimum: 0 } } };
const guid = { type: 'string', minLength: 1 };

export const BEISEN_SETTINGS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['process'],
  properties: {
    baseUrl: { type: 'string', pattern: '^https?://' },
    process: { type: 'object', additionalProperties: false, properties: { id: guid, code: guid }, anyOf: [{ required: ['id'] }, { required: ['code'] }] },
    statuses: { type: 'object', additionalProperties: { type: 'object', required: ['phaseId', 'statusId'], additionalProperties: false, properties: { phaseId: guid, statusId: guid } } },
    transferReasonId: guid,
    talentPool: { type: 'object', additionalProperties: false, properties: { addPath: { type: 'string' }, tagPath: { type: 'string' }, pools: { type: 'object', additionalProperties: guid } } },
    candidateSearch: { type: 'object', additionalProperties: false, properties: { path: { type: 'string' } } },
    interview: { type: 'object', additionalProperties: false, properties: { cancelledStatuses: { type: 'array', items: { type: 'string' } }, scheduledStatuses: { type: 'array', items: { type: 'string' } } } },
    utcOffsetMinutes: { type: 'integer' },
    pollLookbackHours: { type: 'number', minimum: 0 },
    pollOverlapSeconds: { type: 'number', minimum: 0 },
    sweepInterviewDays: { type: 'integer', minimum: 0, maximum: 31 },
    transferMaxApplies: { type: 'integer', minimum: 1, maximum: BEISEN_TRANSFER_MAX_APPLIES },
    limits: { type: 'object', additionalProperties: false, properties: { list: limitSchema, transferPhase: limitSchema, write: limitSchema } },
    limitShare: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    throttleRetries: { type: 'integer', minimum: 0, maximum: 20 },
    asyncWaitSeconds: { type: 'number', minimum: 1 },
    asyncSuccess: { type: 'array', items: { type: 'string' } },
    asyncFailed: { type: 'array', items: { type: 'string' } },
    duplicateBlockPattern: { type: 'string' },
    duplicateBlockSeconds: { type: 'number', minimum: 0, maximum: 60 },
    alreadyCancelledPattern: { type: 'string' },
  },
};

export const BEISEN_CREDENTIAL_FIELDS: CredentialField[] = [
  { name: 'appId', secret: false, required: true, description: 'app_id of the tenant’s open-platform app (iTalent 开放平台)' },
  { name: 'secret', secret: true, required: true, description: 'secret of that app' },
  { name: 'tenantId', secret: false, required: true, description: 'Beisen tenant id (tenant_id)' },
];
