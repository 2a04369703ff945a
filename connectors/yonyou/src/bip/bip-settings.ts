import type { Connection } from '@hub/connector-sdk';
import { baseUrl, int, oneOf, record, strings, stringMap, text } from '../shared';

export const TOKEN_API_VERSIONS = ['base/v1', 'legacy'] as const;
export const PUSH_REPLIES = ['plain', 'encrypted'] as const;
export const REMARK_MODES = ['remarkField', 'endpoint'] as const;
export const RESUBMIT_KEY_PLACES = ['data', 'body'] as const;

/** Where an archive or a tag write goes (BIP.md §8): a remark field through updateCandidate, or a tenant-built API. */
export type WriteTarget = { mode: 'remarkField'; field: string } | { mode: 'endpoint'; path: string };

/** Names of the candidate detail's fields the connector reads (dotted paths; defaults = the simulator's, BIP.md §5). */
export interface BipFieldNames {
  status: string;
  billstate: string;
  modifiedAt: string[];
  name: string;
  mobile: string;
  email: string;
  interviewId: string;
  scheduledStart: string;
  scheduledEnd: string;
  positionTitle: string;
  positionId: string;
  interviewers: string;
  reason: string;
  cancelApplyId: string;
}

export const DEFAULT_FIELDS: BipFieldNames = {
  status: 'status',
  billstate: 'billstate',
  modifiedAt: ['ts', 'pubts', 'modifyTime'],
  name: 'name',
  mobile: 'mobile',
  email: 'email',
  interviewId: 'interviewId',
  scheduledStart: 'interviewTime',
  scheduledEnd: 'interviewEndTime',
  positionTitle: 'positionName',
  positionId: 'positionId',
  interviewers: 'interviewers',
  reason: 'cancelReason',
  cancelApplyId: 'cancelApplyId',
};

/** Candidate `status` 2 终止入职 / 7 录用终止, hiring-form `billstate` 5 已终止 / 13 终止 (VENDORS.md §2 [Y4]). */
export const DEFAULT_CANCELLED_STATES = { candidateStatus: ['2', '7'], billstate: ['5', '13'] };
/** The raw reason value of a cancellation without a stated reason: Yonyou's label of the state. */
export const DEFAULT_STATE_REASONS: Record<string, string> = { 'status:2': '终止入职', 'status:7': '录用终止', 'billstate:5': '已终止', 'billstate:13': '终止' };
/** Open-platform push types that become "poll what changed" hints ([Y1]: no recruitment type exists). */
export const DEFAULT_HINT_EVENT_TYPES = ['STAFF_ADD', 'STAFF_UPDATE', 'STAFF_ENABLE', 'STAFF_DISABLE', 'STAFF_DELETE'];
/** Token-expiry codes seen in public callers ("非法token" 310036, 310037, 1090003500065; BIP.md Errors). */
export const DEFAULT_AUTH_ERROR_CODES = ['310036', '310037', '1090003500065'];
/** Platform throttling codes (BIP.md Errors, UNCONFIRMED). */
export const DEFAULT_RATE_LIMIT_CODES = ['310032', '310039', '310042', '310046'];
/** "重复提交" codes of MDD idempotency (10004 in the code table, 100004 on the idempotency page; UNCONFIRMED). */
export const DEFAULT_DUPLICATE_CODES = ['10004', '100004'];
export const DEFAULT_APPROVAL_HISTORY_PATH = '/yonbip/hrcloud/interviewCancelApply/approvalHistory';

/** Connection settings with every default applied. */
export interface BipSettings {
  gatewayLookupUrl: string;
  /** Both set: no gateway lookup. */
  gatewayUrl?: string;
  tokenUrl?: string;
  gatewayCacheHours: number;
  tokenApiVersion: (typeof TOKEN_API_VERSIONS)[number];
  timezone: string;
  authErrorCodes: string[];
  rateLimitCodes: string[];
  duplicateCodes: string[];
  pageSize: number;
  maxPages: number;
  pollConcurrency: number;
  pollLookbackHours: number;
  trackedCandidateIds: string[];
  cancelledStates: { candidateStatus: string[]; billstate: string[] };
  stateReasons: Record<string, string>;
  fields: BipFieldNames;
  approval: { enabled: boolean; historyPath: string };
  statusField: string;
  resubmitCheckKeyIn: (typeof RESUBMIT_KEY_PLACES)[number];
  archive: WriteTarget;
  tags: WriteTarget;
  resolveFilters: { phone: string; email: string };
  pushReply: (typeof PUSH_REPLIES)[number];
  replayWindowSeconds: number;
  hintEventTypes: string[];
  eventCenter: { tokenHeader: string; candidateEventTypes: string[]; candidateIdPaths: string[] };
}

const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

function writeTarget(v: unknown, fallbackField: string): WriteTarget {
  const r = record(v);
  const path = text(r?.path);
  if (r?.mode === 'endpoint' && path) return { mode: 'endpoint', path };
  return { mode: 'remarkField', field: text(r?.field) ?? fallbackField };
}

function fields(v: unknown): BipFieldNames {
  const r = record(v) ?? {};
  const named = (key: Exclude<keyof BipFieldNames, 'modifiedAt'>) => text(r[key]) ?? DEFAULT_FIELDS[key];
  const modifiedAt = typeof r.modifiedAt === 'string' ? [r.modifiedAt] : strings(r.modifiedAt, DEFAULT_FIELDS.modifiedAt);
  return {
    status: named('status'),
    billstate: named('billstate'),
    modifiedAt: modifiedAt.length ? modifiedAt : DEFAULT_FIELDS.modifiedAt,
    name: named('name'),
    mobile: named('mobile'),
    email: named('email'),
    interviewId: named('interviewId'),
    scheduledStart: named('scheduledStart'),
    scheduledEnd: named('scheduledEnd'),
    positionTitle: named('positionTitle'),
    positionId: named('positionId'),
    interviewers: named('interviewers'),
    reason: named('reason'),
    cancelApplyId: named('cancelApplyId'),
  };
}

/** Applies every default to `conn.settings`; tolerant of values the schema would reject. */
export function resolveSettings(conn: Pick<Connection, 'settings'>): BipSettings {
  const s = conn.settings;
  const states = record(s.cancelledStates);
  const approval = record(s.approval);
  const filters = record(s.resolveFilters);
  const center = record(s.eventCenter);
  const gatewayUrl = baseUrl(s.gatewayUrl);
  const tokenUrl = baseUrl(s.tokenUrl);
  return {
    gatewayLookupUrl: baseUrl(s.gatewayLookupUrl, 'https://apigateway.yonyoucloud.com') as string,
    ...(gatewayUrl && tokenUrl ? { gatewayUrl, tokenUrl } : {}),
    gatewayCacheHours: int(s.gatewayCacheHours, 12, 1, 24 * 30),
    tokenApiVersion: oneOf(s.tokenApiVersion, TOKEN_API_VERSIONS, 'base/v1'),
    timezone: typeof s.timezone === 'string' && OFFSET.test(s.timezone) ? s.timezone : '+08:00',
    authErrorCodes: strings(s.authErrorCodes, DEFAULT_AUTH_ERROR_CODES),
    rateLimitCodes: strings(s.rateLimitCodes, DEFAULT_RATE_LIMIT_CODES),
    duplicateCodes: strings(s.duplicateCodes, DEFAULT_DUPLICATE_CODES),
    pageSize: int(s.pageSize, 100, 1, 500),
    maxPages: int(s.maxPages, 200, 1, 10_000),
    pollConcurrency: int(s.pollConcurrency, 4, 1, 16),
    pollLookbackHours: int(s.pollLookbackHours, 24, 0, 24 * 366),
    trackedCandidateIds: strings(s.trackedCandidateIds, []),
    cancelledStates: {
      candidateStatus: strings(states?.candidateStatus, DEFAULT_CANCELLED_STATES.candidateStatus),
      billstate: strings(states?.billstate, DEFAULT_CANCELLED_STATES.billstate),
    },
    stateReasons: stringMap(s.stateReasons, DEFAULT_STATE_REASONS),
    fields: fields(s.fields),
    approval: { enabled: approval?.enabled !== false, historyPath: text(approval?.historyPath) ?? DEFAULT_APPROVAL_HISTORY_PATH },
    statusField: text(s.statusField) ?? 'status',
    resubmitCheckKeyIn: oneOf(s.resubmitCheckKeyIn, RESUBMIT_KEY_PLACES, 'data'),
    archive: writeTarget(s.archive, 'memo'),
    tags: writeTarget(s.tags, 'tagRemark'),
    resolveFilters: { phone: text(filters?.phone) ?? 'mobile', email: text(filters?.email) ?? 'email' },
    pushReply: oneOf(s.pushReply, PUSH_REPLIES, 'plain'),
    replayWindowSeconds: int(s.replayWindowSeconds, 300, 0, Number.MAX_SAFE_INTEGER),
    hintEventTypes: strings(s.hintEventTypes, DEFAULT_HINT_EVENT_TYPES),
    eventCenter: {
      tokenHeader: (text(center?.tokenHeader) ?? 'token').toLowerCase(),
      candidateEventTypes: strings(center?.candidateEventTypes, ['HRED_CANDIDATE_STATUS_CHANGE']),
      candidateIdPaths: strings(center?.candidateIdPaths, ['id', 'candidateId']),
    },
  };
}
