/** In-memory model of one simulated DingTalk tenant (corp) and its internal app. */
import type { DingtalkAppStreamConfig, DingtalkStreamSettings } from './dingtalk-stream.types';

/** HTTP-push callback settings of an app, as configured in the DingTalk developer console. */
export interface DingtalkCallbackConfig {
  /** Hub endpoint DingTalk POSTs events to. */
  url: string;
  /** Signing token (3–32 alphanumerics). */
  token: string;
  /** 43-char EncodingAESKey. */
  aesKey: string;
  /** Appended to every plaintext; corpId for corp-level subscriptions, appKey/suiteKey otherwise. */
  ownerKey: string;
}

export interface DingtalkApp {
  corpId: string;
  appKey: string;
  appSecret: string;
  agentId: string;
  callback?: DingtalkCallbackConfig;
  /** Event push mode Stream (see dingtalk-stream.types.ts): events go to the app's WebSocket connections, not to `callback`. */
  stream?: DingtalkAppStreamConfig;
}

export interface DingtalkJob {
  corpId: string;
  jobId: string;
  name: string;
}

export interface DingtalkCandidate {
  corpId: string;
  candidateId: string;
  name: string;
  phone: string;
}

export type DingtalkInterviewKind = 'ai_cloud' | 'video' | 'onsite' | 'phone';

export interface DingtalkInterview {
  corpId: string;
  interviewId: string;
  candidateId: string;
  jobId: string;
  /** Recruitment-flow id returned by `GET /v1.0/ats/flows/ids`. */
  flowId: string;
  startTimeMillis: number;
  endTimeMillis: number;
  cancelled: boolean;
  creatorUserId: string;
  interviewers: string[];
  /** Sandbox-only: not part of the DingTalk payload. */
  kind: DingtalkInterviewKind;
  cancelReason?: string;
  cancelledAt?: number;
}

/**
 * A recruitment flow (招聘流程) as `POST /v1.0/ats/flows/search` and `GET /v1.0/ats/flows/{flowId}/info` see it.
 * Derived from the interviews that carry its flowId; `modifyTimeMillis` is bumped when one of them is created or
 * cancelled through the control API (UNCONFIRMED for real DingTalk).
 */
export interface DingtalkFlow {
  corpId: string;
  flowId: string;
  candidateId: string;
  jobId: string;
  /** String status, as VENDORS.md lists it; the sandbox uses the legacy flow_status 21 (流程中). */
  currentStatus: string;
  sourceName: string;
  createTimeMillis: number;
  modifyTimeMillis: number;
}

/** Last value written through `PUT /v1.0/ats/jobs/deliveryStatus`, per job × deliverUserId. */
export interface DingtalkDeliveryStatus {
  corpId: string;
  jobId: string;
  deliverUserId: string;
  status: number;
  opTime: number;
  channelOuterId: string;
  opUserId?: string;
  updatedAt: number;
}

/** What the simulator decides about throttling and bans; all of it can be changed at runtime. */
export interface DingtalkTrafficSettings {
  /** Calls per second allowed for each API; generous by default. */
  qps: number;
  /** Per-API overrides of `qps`, keyed by API name (see the catalog). */
  apiQps: Record<string, number>;
  /** `api`: one counter per API (global limit, 90002); `appkeyAndApi`: one per app × API (90018). */
  scope: 'api' | 'appkeyAndApi';
  /** Per-IP limit: `max` calls in `windowMs`, then a ban of `banMs` (doc: 10 000 / 20 s / 5 min). */
  ipLimit: { max: number; windowMs: number; banMs: number };
  /** Body shape of the ban answer: the odd JSON or an HTML page. */
  banFormat: 'json' | 'html';
  /** HTTP status of the ban answer (UNCONFIRMED by the docs). */
  banStatus: number;
}

/** Knobs of the simulator that are not tenant data. */
export interface DingtalkSimulatorSettings {
  tokenTtlSeconds: number;
  /** HTTP status of v1.0 auth failures: the docs and live probes show 400. */
  authErrorStatus: number;
  /** Unknown candidateId on `interviews/query`: 404 `candidate.notExists` or an empty page. */
  unknownCandidateOnQuery: 'notFound' | 'emptyList';
  /** How long the simulator waits for the hub's reply to a push. */
  callbackTimeoutMs: number;
  traffic: DingtalkTrafficSettings;
  stream: DingtalkStreamSettings;
}

/** Interview start given either absolutely or relative to the sandbox's start (UTC+8 wall clock). */
export interface DingtalkSeedTime {
  dayOffset: number;
  /** `HH:mm`, Beijing time. */
  time: string;
}

export interface DingtalkSeedInterview {
  corpId?: string;
  interviewId: string;
  candidateId: string;
  jobId: string;
  flowId?: string;
  startTimeMillis?: number;
  start?: DingtalkSeedTime;
  endTimeMillis?: number;
  durationMinutes?: number;
  cancelled?: boolean;
  creatorUserId: string;
  interviewers: string[];
  kind?: DingtalkInterviewKind;
}

export interface DingtalkSeed {
  settings?: Partial<Omit<DingtalkSimulatorSettings, 'traffic' | 'stream'>> & {
    traffic?: Partial<DingtalkTrafficSettings>;
    stream?: Partial<DingtalkStreamSettings>;
  };
  apps?: DingtalkApp[];
  jobs?: Array<Omit<DingtalkJob, 'corpId'> & { corpId?: string }>;
  candidates?: Array<Omit<DingtalkCandidate, 'corpId'> & { corpId?: string }>;
  interviews?: DingtalkSeedInterview[];
}
