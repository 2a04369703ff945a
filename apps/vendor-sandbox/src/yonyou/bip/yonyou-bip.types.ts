/**
 * The YonBIP simulator's seed (block `yonyou.bip`) and its in-memory model. Field names of candidates follow the
 * YonBIP candidate APIs [Y4]; the interview, position, reason and 面试取消申请 fields stand for tenant custom fields
 * (their names are the connector's `fields` defaults). See connectors/yonyou/BIP-SIMULATOR.md.
 */

/** How the simulator checks the hub's reply to an open-platform push ([Y1]: README says encrypted, demo plain). */
export type BipPushReplyMode = 'plain' | 'encrypted' | 'either';

/** Where the event center puts its parameters: servlet form parameters [Y5 receiver demo] or a JSON body. */
export type BipEventCenterBodyFormat = 'form' | 'json';

/** Open-platform event push of a tenant's app (事件订阅回调地址). */
export interface BipPushSeed {
  url: string;
  /** Signing secret; default the app secret [Y1 README] (an ISV suite would use its suiteSecret). */
  secret?: string;
  /** 43-char EncodingAESKey; default derived from the app secret as corp-demo `PrivateAppCrypto` does. */
  aesKey?: string;
  /** Key after the message in the AES plaintext; default the appKey (self-built app) [corp-demo]. */
  ownerKey?: string;
  reply?: BipPushReplyMode;
  /** Also push an open-platform event when a 面试取消申请 is approved (no recruitment type exists [Y1]). */
  onCancel?: boolean;
  /** Type of that event; default `STAFF_UPDATE` with `staffId: [candidateId]`. */
  cancelEventType?: string;
}

/** Event-center REST subscription (事件中心 订阅) in token mode. */
export interface BipEventCenterSeed {
  /** Default: the open-platform push URL; `channel=event-center` is always added to the query. */
  url?: string;
  token: string;
  /** Header carrying the token (UNCONFIRMED); default `token`. */
  tokenHeader?: string;
  bodyFormat?: BipEventCenterBodyFormat;
  /** Default `HRED_CANDIDATE_STATUS_CHANGE` (UNCONFIRMED). */
  eventType?: string;
  /** Default `HRED_CANDIDATE` (UNCONFIRMED). */
  sourceID?: string;
}

export interface BipTenantSeed {
  tenantId: string;
  appKey: string;
  appSecret: string;
  suiteKey?: string;
  /** Offset of the tenant's wall clock, `+08:00` by default: every `yyyy-MM-dd HH:mm:ss` is written in it. */
  timezone?: string;
  push?: BipPushSeed;
  eventCenter?: BipEventCenterSeed;
}

/** A time in the seed: vendor text `yyyy-MM-dd HH:mm:ss`, epoch ms, or days from the sandbox start (tenant clock). */
export type BipSeedTime = string | number | { dayOffset: number; time: string };

export interface BipPerson {
  id: string;
  name: string;
  email?: string;
}

export interface BipCandidateSeed {
  id: string;
  tenantId?: string;
  code?: string;
  name: string;
  mobile: string;
  email?: string;
  /** Candidate status 0–8 [Y4]; default "8" 面试通过. */
  status?: string | number;
  /** Hiring-form state 1–18 [Y4]; absent when the candidate has no hiring form. */
  billstate?: string | number;
  applyId?: string;
  /** Last modification; default the sandbox start. */
  modifiedAt?: BipSeedTime;
  interview?: {
    id: string;
    start: BipSeedTime;
    durationMinutes?: number;
    place?: string;
    type?: string;
    round?: number;
  };
  position?: { id: string; name: string };
  interviewers?: BipPerson[];
  cancelReason?: string;
  cancelApplyId?: string;
  /** Further tenant fields, returned as they are by the detail. */
  custom?: Record<string, unknown>;
}

export interface BipApproverSeed extends BipPerson {
  level: number;
}

/** Tenant-built APIs (YonBIP 自建 API) the connector may be configured to call, by gateway path. */
export interface BipEndpointsSeed {
  /** 面试取消申请 approval trail; default `/yonbip/hrcloud/interviewCancelApply/approvalHistory` (UNCONFIRMED). */
  approvalHistory?: string;
  archive?: string;
  tags?: string;
}

export type BipDuplicateReply = 'replay' | 'duplicateCode';

export interface BipSimulatorSettings {
  tokenTtlSeconds: number;
  /** Token request timestamps further than this from the simulator clock are refused. */
  timestampWindowSeconds: number;
  /** Code of an unknown or expired token (`310036` 非法token, seen by a no-credential probe). */
  authErrorCode: string;
  /** HTTP status of that answer: 200 as probed, or 401. */
  authErrorStatus: number;
  /** A repeated `resubmitCheckKey`: the first answer again, or the `10004` duplicate code (UNCONFIRMED). */
  duplicateReply: BipDuplicateReply;
  /** Where writes carry `resubmitCheckKey`: inside `data` as the Y4 request examples show, or at the body's top. */
  resubmitCheckKeyIn: 'data' | 'body';
  /** Open-platform push timeout: 5 s [Y1]. */
  pushTimeoutMs: number;
}

export interface YonyouBipSeed {
  comment?: string | string[];
  tenants?: BipTenantSeed[];
  candidates?: BipCandidateSeed[];
  approvers?: BipApproverSeed[];
  /** Candidate status an approved 面试取消申请 sets; default "7" 录用终止. */
  cancelStatus?: string;
  endpoints?: BipEndpointsSeed;
  settings?: Partial<BipSimulatorSettings>;
}

/** A tenant with every default applied. */
export interface BipTenant {
  tenantId: string;
  appKey: string;
  appSecret: string;
  suiteKey?: string;
  timezone: string;
  push?: Required<Omit<BipPushSeed, 'onCancel'>> & { onCancel: boolean };
  eventCenter?: Required<Omit<BipEventCenterSeed, 'url'>> & { url?: string };
}

/** A candidate as the simulator keeps it; times are epoch ms. */
export interface BipCandidate {
  id: string;
  tenantId: string;
  code: string;
  name: string;
  mobile: string;
  email?: string;
  status: string;
  billstate?: string;
  applyId?: string;
  modifiedAt: number;
  interview?: { id: string; startMs: number; endMs: number; place?: string; type?: string; round: number };
  position?: { id: string; name: string };
  interviewers: BipPerson[];
  cancelReason?: string;
  cancelApplyId?: string;
  /** Fields written through updateCandidate (e.g. the `memo` remark) and the seed's `custom`. */
  fields: Record<string, unknown>;
}

export type BipApprovalAction = 'agree' | 'reject' | 'return';

export interface BipApprovalStep {
  level: number;
  approver: BipPerson;
  action: BipApprovalAction;
  time: number;
  comment?: string;
}

/** A 面试取消申请 and its approval trail. */
export interface BipCancelRequest {
  id: string;
  tenantId: string;
  candidateId: string;
  reason: string;
  requester: BipPerson;
  requestTime: number;
  levels: number;
  /** Level waiting for a decision (meaningless once decided). */
  currentLevel: number;
  status: 'pending' | 'approved' | 'rejected';
  steps: BipApprovalStep[];
}
