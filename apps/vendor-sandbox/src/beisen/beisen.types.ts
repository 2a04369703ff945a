import type { RelativeSeedTime } from './beisen-time';
/** Seed of the Beisen (北森 iTalent) simulator (`seed.beisen`); object shapes follow connectors/beisen/SIMULATOR.md. */
export interface BeisenSeed {
  settings?: Partial<BeisenSimulatorSettings>;
  tenants: BeisenTenantSeed[];
}

export interface BeisenUser {
  userId: string;
  name: string;
}

export interface BeisenTenantSeed {
  tenantId: string;
  appId: string;
  secret: string;
  /** The API user the tokens name (`user_id`, and `cancelledBy` of CancelInterview). */
  user?: BeisenUser;
  processes?: BeisenProcess[];
  talentPools?: Array<{ talentPoolId: string; name: string; applicantIds?: string[] }>;
  applicants?: BeisenApplicant[];
  applies?: Array<Omit<BeisenApply, 'modifiedTime'> & { modifiedTime?: string }>;
  interviews?: BeisenInterviewSeed[];
  tags?: Record<string, string[]>;
}

export interface BeisenStatus {
  statusId: string;
  code: string;
  name: string;
}

export interface BeisenPhase {
  phaseId: string;
  code: string;
  name: string;
  statuses: BeisenStatus[];
}

export interface BeisenProcess {
  processId: string;
  code: string;
  name: string;
  phases: BeisenPhase[];
}

export interface BeisenApplicant {
  applicantId: string;
  candidateId: string;
  name: string;
  mobile?: string;
  email?: string;
}

/** Times are tenant-local `yyyy-MM-dd HH:mm:ss` (+08:00, no zone; UNCONFIRMED). */
export interface BeisenApply {
  applyId: string;
  applicantId: string;
  jobId: string;
  jobName: string;
  processId: string;
  processPhaseId: string;
  processStatusId: string;
  modifiedTime: string;
}

export type BeisenInterviewStatus = 'Scheduled' | 'Cancelled' | 'Finished';

export interface BeisenInterview {
  interviewId: string;
  applyId: string;
  applicantId: string;
  jobId: string;
  jobName: string;
  startTime: string;
  endTime: string;
  status: BeisenInterviewStatus;
  cancelReason: string | null;
  cancelledBy: BeisenUser | null;
  batchId: string | null;
  interviewers: BeisenUser[];
  round: number;
  modifiedTime: string;
}

/** A seeded interview: applicant and job default to its apply's, times may be epoch ms. */
export type BeisenInterviewSeed = Partial<Omit<BeisenInterview, 'startTime' | 'endTime'>> & {
  applyId: string;
  /** Epoch ms, local text, or `{dayOffset, time: "HH:mm"}` counted from the sandbox's start (as the DingTalk seed). */
  startTime: string | number | RelativeSeedTime;
  endTime?: string | number | RelativeSeedTime;
};

export interface BeisenLimit {
  perSecond: number;
  perMinute: number;
}

export type BeisenLimitClass = 'list' | 'transferPhase' | 'write';

export interface BeisenSimulatorSettings {
  /** `expires_in` as seconds of life ("7200") or as the absolute unix second of expiry (as the Rust SDK reads it). */
  expiresInStyle: 'seconds' | 'epoch';
  tokenTtlSeconds: number;
  /** RecruitV6 answers `{data, code, message}` (v6) or the older `{Code, Data, Message}` (v2). */
  envelope: 'v6' | 'v2';
  /** Per tenant × API, fixed windows of one second and one minute. */
  limits: Record<BeisenLimitClass, BeisenLimit>;
  /** Calls per tenant and local day over all limited APIs; 0 = none (UNCONFIRMED). */
  dailyCap: number;
  /** Retry-After header on a 429; 0 = none. */
  retryAfterSeconds: number;
  /** An identical write within this many ms of an accepted one is refused with code 417. */
  duplicateBlockMs: number;
  /** Applies per GetApplyListByModifiedTime batch. */
  batchSize: number;
  /** A nextBatchId older than this is refused as expired; 0 = never (UNCONFIRMED: Beisen states no lifetime). */
  batchIdTtlMs: number;
  /** GetApplyListByApplyId rows with `applicantLite`/`jobLite` (nested) or the same fields at top level (flat). */
  applyForm: 'nested' | 'flat';
  /** Delay before an asynchronous TalentPool write is applied and its request reads Success/Failed. */
  asyncDelayMs: number;
  /** Changing an interview stamps its apply's modifiedTime. */
  interviewTouchesApply: boolean;
}

export const DEFAULT_BEISEN_SETTINGS: BeisenSimulatorSettings = {
  expiresInStyle: 'seconds',
  tokenTtlSeconds: 7200,
  envelope: 'v6',
  limits: {
    list: { perSecond: 20, perMinute: 1000 },
    transferPhase: { perSecond: 50, perMinute: 1500 },
    write: { perSecond: 20, perMinute: 1000 },
  },
  dailyCap: 0,
  retryAfterSeconds: 0,
  duplicateBlockMs: 3000,
  batchSize: 1000,
  batchIdTtlMs: 0,
  applyForm: 'nested',
  asyncDelayMs: 200,
  interviewTouchesApply: true,
};

/** A per-apply TransferPhase failure armed by the control API. */
export const TRANSFER_FAILURE_LISTS = ['notExistApplyIds', 'crossProcessApplyIds', 'applyLockedApplyIds', 'applicantBlackApplyIds', 'applyStatusChangedApplyIds'] as const;
export type BeisenTransferList = (typeof TRANSFER_FAILURE_LISTS)[number];

export interface BeisenTransferError {
  applyId: string;
  list: BeisenTransferList;
  times: number;
}

export interface BeisenAsyncError {
  applicantId: string;
  message: string;
  times: number;
}

export type BeisenAsyncStatus = 'Processing' | 'Success' | 'Failed';

export interface BeisenAsyncRequest {
  requestId: string;
  api: string;
  status: BeisenAsyncStatus;
  errorMessage: string | null;
}
