import type { InterviewKind, NotifyChannel, ReasonCode } from '@hub/schema';

export interface ReasonTarget {
  code: ReasonCode;
  detail?: string;
}

export interface MappingConfig {
  reasons: Record<string, ReasonTarget>;
  defaultReason?: ReasonTarget;
  interviewKind: InterviewKind;
  positionTitleFallback: string;
  candidateNameTemplate: string;
  initiatedBy: 'candidate' | 'recruiter' | 'system';
  statusValues: { scheduled?: string; cancelled?: string };
}

export interface MessageTemplate {
  title: string;
  body: string;
}

export interface TenantPolicies {
  tags: string[];
  talentPool: string;
  /** What to do with a message (an `unsafe` effect) that may have gone out when nobody can tell. */
  unsafeEffects: 'atMostOnce' | 'atLeastOnce';
  contact: string;
  defaultChannels: NotifyChannel[];
  notify: { candidate?: MessageTemplate; interviewer?: MessageTemplate; recruiter?: MessageTemplate };
}

export interface ConnectionConfig {
  id: string;
  connector: string;
  enabled: boolean;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
  mapping: MappingConfig;
  effects?: string[];
  /** Effects applied in this connection's own system when a cancellation originates there (default none). */
  originEffects: string[];
  /** This connection's sweep interval; absent: hub.yaml `pipeline.pollIntervalSeconds`. */
  pollIntervalSeconds?: number;
}

/** One thing known in several connections: connection id → that system's id. */
export interface IdGroup {
  ids: Record<string, string>;
}

/** Config-seeded identity tables (seeded into the link store at start). */
export interface IdentityConfig {
  candidates: (IdGroup & { phone?: string; email?: string; employeeNumber?: string })[];
  interviewers: IdGroup[];
  recruiters: IdGroup[];
  positions: IdGroup[];
}

export interface TenantConfig {
  id: string;
  name?: string;
  timezone: string;
  apiKeys: { name: string; key: string }[];
  connections: ConnectionConfig[];
  identity: IdentityConfig;
  policies: TenantPolicies;
  /** The file this tenant was loaded from, for messages. */
  file: string;
}

/** At most `max` requests per `windowSeconds` for one key. */
export interface RequestRate {
  max: number;
  windowSeconds: number;
}

/** hub.yaml `limits`: what one sender may cost the hub (see hub-config.schema.json). */
export interface AbuseLimits {
  webhookPerSourceIp: RequestRate;
  webhookPerConnection: RequestRate;
  apiPerKey: RequestRate;
  apiUnauthenticatedPerSourceIp: RequestRate;
  rejectedKeptPerMinute: number;
  jsonMaxDepth: number;
  jsonMaxArrayLength: number;
}

export interface HubConfig {
  server: { port: number; host: string; bodyLimitBytes: number; apiBodyLimitBytes: number; trustProxy: boolean | number | string; publicUrl?: string };
  limits: AbuseLimits;
  /** `previousEncryptionKeys`: comma-separated, open only (a key change under way). */
  security: { encryptionKey: string; previousEncryptionKeys: string };
  pipeline: {
    deliveryAttempts: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    ingestAttempts: number;
    pollIntervalSeconds: number;
    sweepIntervalSeconds: number;
    sweepGraceSeconds: number;
    workerConcurrency: number;
    enqueueTimeoutMs: number;
    awaitingLinkRetrySeconds: number;
    sweepBatch: number;
    batchLingerMs: number;
    batchConcurrency: number;
  };
  rateLimits: Record<string, { max: number; durationMs: number }>;
  /** Addresses, CIDRs and host names reachable although not public (entries may be comma-separated lists). */
  outbound: { allow: string[] };
  subscriptions: { disableAfterFailingHours: number };
  retention: { inboxDays: number; rejectedDays: number; deliveryDays: number; runEveryMinutes: number };
  logging: { level: 'debug' | 'info' | 'warn' | 'error'; requests: 'debug' | 'info' | 'off' };
  metrics: { token: string; workerPort: number };
}

export interface LoadedConfig {
  dir: string;
  hub: HubConfig;
  tenants: TenantConfig[];
}
