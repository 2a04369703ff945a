import type { Connection, CredentialField } from '@hub/connector-sdk';

/** Which key DingTalk appends to every encrypted callback (see README "Owner key"). */
export const OWNER_KEY_TYPES = ['corpId', 'appKey', 'suiteKey'] as const;
export type OwnerKeyType = (typeof OWNER_KEY_TYPES)[number];

/** The two generated request models of `SyncInterviewInfoToAIInterviewAssistant` found in SDK editions. */
export const ARCHIVE_LIST_VARIANTS = ['candidateInfoVOList', 'intervieweeInfoVOList'] as const;
export type ArchiveListVariant = (typeof ARCHIVE_LIST_VARIANTS)[number];

/** Recruitment (智能招聘) event types documented as push events; all carry ids only. */
export const DEFAULT_HINT_EVENT_TYPES = [
  'ats_job_deliver_change',
  'hire_agent_sourcing_task_change',
  'ats_rights_change',
  'ats_talent_auto_chat_task',
  'ats_config_change',
  'rcm_channel_message_push',
];

/** How DingTalk's pushes reach the hub: HTTP callbacks to its webhook URL, or Stream mode (a WebSocket the hub opens). */
export const INBOUND_MODES = ['http', 'stream'] as const;
export type InboundMode = (typeof INBOUND_MODES)[number];

/** Connection settings with every default applied. */
export interface DingTalkSettings {
  /** `http` (default): callbacks to POST /webhooks/…; `stream`: DingTalk Stream mode, no public URL needed. */
  inbound: InboundMode;
  apiBaseUrl: string;
  oapiBaseUrl: string;
  ownerKeyType: OwnerKeyType;
  /** Accepted clock skew of callback timestamps, seconds; 0 disables the check. */
  replayWindowSeconds: number;
  /** Work-notification agent id (微应用 AgentId); required for notify/followUpReminder. */
  agentId?: string;
  pollHorizonDays: number;
  pollLookbackDays: number;
  /** Page size of the interview query (1..200). */
  pageSize: number;
  /** Candidate ids polled when a poll request names no subjects. */
  trackedCandidateIds: string[];
  /** `changes` and `sweep` polls find candidates through the flow search (needs `opUserId`). */
  discoverCandidates: boolean;
  /** Pace of the scheduled sweep's calls (it may cover thousands of tracked candidates). */
  sweepCallsPerSecond: number;
  /** Budget of every poll's calls per API and connection, per second and per minute (DingTalk's per-API limits). */
  pollCallsPerSecond: number;
  pollCallsPerMinute: number;
  /** Candidates (and flows) a poll reads at once. */
  pollConcurrency: number;
  /** Offset used to render DingTalk epoch-ms times (China time by default). */
  timezone: string;
  /** Call the UNCONFIRMED `GET /v1.0/ats/jobs/{jobId}` for position titles. */
  jobLookup: boolean;
  /** `isvId` sent with archive writes. */
  isvId: string;
  archiveListVariant: ArchiveListVariant;
  /** `opUserId` of status writes (optional there) and of the flow search (required there: no discovery without it). */
  opUserId?: string;
  /** Push event types that become poll hints. */
  hintEventTypes: string[];
  /** Dotted path of a candidate id inside a recruitment push payload, if it carries one. */
  hintCandidateIdField: string;
  /** The sweep reads DingTalk's failed-push list and feeds each missed push through the inbox (HTTP mode). */
  failedPushRecovery: boolean;
  /** Most pages (≤200 pushes each) of the failed-push list one sweep reads. */
  failedPushMaxPages: number;
}

/** JSON Schema of `connection.settings` (validated by the hub at config load). */
export const DINGTALK_SETTINGS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    inbound: {
      enum: [...INBOUND_MODES],
      default: 'http',
      description: 'http: DingTalk calls the hub webhook URL; stream: the hub opens DingTalk Stream mode with the app credentials (no public URL needed)',
    },
    apiBaseUrl: { type: 'string', format: 'uri', default: 'https://api.dingtalk.com' },
    oapiBaseUrl: { type: 'string', format: 'uri', default: 'https://oapi.dingtalk.com' },
    ownerKeyType: {
      enum: [...OWNER_KEY_TYPES],
      default: 'corpId',
      description: 'Owner key appended to encrypted callbacks: corpId (API-registered), appKey (console event subscription of an internal app) or suiteKey (ISV).',
    },
    replayWindowSeconds: { type: 'integer', minimum: 0, default: 300 },
    agentId: {
      anyOf: [{ type: 'string', pattern: '^[0-9]+$' }, { type: 'integer', minimum: 0 }],
      description: 'AgentId used by work notifications',
    },
    pollHorizonDays: { type: 'integer', minimum: 1, maximum: 366, default: 29 },
    pollLookbackDays: { type: 'integer', minimum: 0, maximum: 366, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 100 },
    trackedCandidateIds: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
    discoverCandidates: {
      type: 'boolean',
      default: true,
      description: 'Polls discover candidates via POST /v1.0/ats/flows/search (skipped without opUserId)',
    },
    sweepCallsPerSecond: {
      type: 'integer',
      minimum: 1,
      maximum: 40,
      default: 10,
      description: 'Pace of the scheduled sweep over every tracked candidate (DingTalk allows 40 calls/s per app and API; 10k per 20 s per egress IP)',
    },
    pollCallsPerSecond: {
      type: 'integer',
      minimum: 1,
      maximum: 40,
      default: 40,
      description: "Calls per second and API a poll may make for this connection (DingTalk: 40/s per app and API, errcode 90018); share it out when several workers poll one corp",
    },
    pollCallsPerMinute: {
      type: 'integer',
      minimum: 1,
      maximum: 1500,
      default: 1500,
      description: 'Calls per minute and API a poll may make for this connection (DingTalk: 1,500/min per app and API, errcode 90006)',
    },
    pollConcurrency: { type: 'integer', minimum: 1, maximum: 16, default: 4, description: 'Candidates and flows a poll reads at once' },
    timezone: { type: 'string', pattern: '^[+-](0[0-9]|1[0-4]):[0-5][0-9]$', default: '+08:00' },
    jobLookup: { type: 'boolean', default: false },
    isvId: { type: 'string', minLength: 1, default: 'hr-connector-hub' },
    archiveListVariant: { enum: [...ARCHIVE_LIST_VARIANTS], default: 'candidateInfoVOList' },
    opUserId: { type: 'string', minLength: 1 },
    hintEventTypes: { type: 'array', items: { type: 'string', minLength: 1 }, default: DEFAULT_HINT_EVENT_TYPES },
    hintCandidateIdField: { type: 'string', minLength: 1, default: 'candidateId' },
    failedPushRecovery: {
      type: 'boolean',
      default: true,
      description: 'HTTP mode: every sweep reads GET /call_back/get_call_back_failed_result and stores each push DingTalk could not deliver',
    },
    failedPushMaxPages: { type: 'integer', minimum: 1, maximum: 500, default: 50, description: 'Most pages (≤200 pushes each) of the failed-push list one sweep reads' },
  },
};

/** Credential fields; secrets are encrypted at rest and redacted by the hub. */
export const DINGTALK_CREDENTIAL_FIELDS: CredentialField[] = [
  { name: 'appKey', secret: false, required: true, description: 'Internal app AppKey (Client ID)' },
  { name: 'appSecret', secret: true, required: true, description: 'Internal app AppSecret (Client Secret)' },
  { name: 'corpId', secret: false, required: false, description: 'Organisation corpId; also the callback owner key when ownerKeyType is corpId' },
  { name: 'token', secret: true, required: false, description: 'HTTP callback signing token' },
  { name: 'aesKey', secret: true, required: false, description: '43-character callback EncodingAESKey' },
  { name: 'ownerKey', secret: false, required: false, description: 'Callback owner key (corpId, appKey or suiteKey per ownerKeyType)' },
];

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function int(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function strings(v: unknown, fallback: string[]): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : fallback;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** Applies every default to `conn.settings`; tolerant of values the schema would reject. */
export function resolveSettings(conn: Pick<Connection, 'settings'>): DingTalkSettings {
  const s = conn.settings;
  return {
    inbound: oneOf(s.inbound, INBOUND_MODES, 'http'),
    apiBaseUrl: (str(s.apiBaseUrl) ?? 'https://api.dingtalk.com').replace(/\/+$/, ''),
    oapiBaseUrl: (str(s.oapiBaseUrl) ?? 'https://oapi.dingtalk.com').replace(/\/+$/, ''),
    ownerKeyType: oneOf(s.ownerKeyType, OWNER_KEY_TYPES, 'corpId'),
    replayWindowSeconds: int(s.replayWindowSeconds, 300, 0, Number.MAX_SAFE_INTEGER),
    agentId: str(s.agentId),
    pollHorizonDays: int(s.pollHorizonDays, 29, 1, 366),
    pollLookbackDays: int(s.pollLookbackDays, 1, 0, 366),
    pageSize: int(s.pageSize, 100, 1, 200),
    trackedCandidateIds: strings(s.trackedCandidateIds, []),
    discoverCandidates: s.discoverCandidates !== false,
    sweepCallsPerSecond: int(s.sweepCallsPerSecond, 10, 1, 40),
    pollCallsPerSecond: int(s.pollCallsPerSecond, 40, 1, 40),
    pollCallsPerMinute: int(s.pollCallsPerMinute, 1500, 1, 1500),
    pollConcurrency: int(s.pollConcurrency, 4, 1, 16),
    timezone: typeof s.timezone === 'string' && /^[+-](0\d|1[0-4]):[0-5]\d$/.test(s.timezone) ? s.timezone : '+08:00',
    jobLookup: s.jobLookup === true,
    isvId: str(s.isvId) ?? 'hr-connector-hub',
    archiveListVariant: oneOf(s.archiveListVariant, ARCHIVE_LIST_VARIANTS, 'candidateInfoVOList'),
    opUserId: str(s.opUserId),
    hintEventTypes: strings(s.hintEventTypes, DEFAULT_HINT_EVENT_TYPES),
    hintCandidateIdField: str(s.hintCandidateIdField) ?? 'candidateId',
    failedPushRecovery: s.failedPushRecovery !== false,
    failedPushMaxPages: int(s.failedPushMaxPages, 50, 1, 500),
  };
}
