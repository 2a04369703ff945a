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
}

export interface TenantConfig {
  id: string;
  name?: string;
  timezone: string;
  apiKeys: { name: string; key: string }[];
  connections: ConnectionConfig[];
  policies: TenantPolicies;
  /** The file this tenant was loaded from, for messages. */
  file: string;
}

export interface HubConfig {
  server: { port: number; host: string; bodyLimitBytes: number; publicUrl?: string };
  security: { encryptionKey: string };
  pipeline: {
    deliveryAttempts: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    ingestAttempts: number;
    pollIntervalSeconds: number;
    sweepIntervalSeconds: number;
    sweepGraceSeconds: number;
    workerConcurrency: number;
  };
  rateLimits: Record<string, { max: number; durationMs: number }>;
  logging: { level: 'debug' | 'info' | 'warn' | 'error' };
}

export interface LoadedConfig {
  dir: string;
  hub: HubConfig;
  tenants: TenantConfig[];
}
