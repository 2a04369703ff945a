import type { CanonicalStatus, InitiatorType, InterviewKind, NotifyChannel, SourceMode, SourceSystem } from './canonical-status';
import type { ReasonCode } from './reason-taxonomy';

/** Ids of one thing in each system that knows it, keyed by connection id (e.g. `{ "dingtalk-main": "c-1" }`). */
export type ExternalIds = Record<string, string>;

export interface Person {
  hubId?: string;
  externalIds?: ExternalIds;
  name?: string;
  phone?: string;
  email?: string;
  preferredChannels?: NotifyChannel[];
}

export interface CancellationReason {
  code: ReasonCode;
  detail?: string;
  text?: string;
  /** The vendor's raw value, verbatim. */
  sourceValue: string;
}

/** CancellationEvent v1: the one shape every connector's input is normalized into. See cancellation-event.schema.json. */
export interface CancellationEvent {
  schemaVersion: 1;
  id: string;
  tenantId: string;
  source: {
    system: SourceSystem;
    connectionId: string;
    externalEventId?: string;
    mode: SourceMode;
    receivedAt: string;
  };
  occurredAt: string;
  interview: {
    key: string;
    /** The hub's id of the interview across systems (1.1). */
    hubId?: string;
    externalIds: ExternalIds;
    kind: InterviewKind;
    round?: number;
    scheduledStart?: string;
    scheduledEnd?: string;
    position: { hubId?: string; id?: string; title: string };
    interviewers: Person[];
  };
  candidate: Person & { externalIds: ExternalIds; name: string };
  cancellation: {
    reason: CancellationReason;
    initiatedBy: { type: InitiatorType; id?: string; hubId?: string; name?: string };
    batchId?: string;
    approval?: { status: 'not_required' | 'approved'; approvedBy?: string; approvedAt?: string };
  };
  statusBefore: Extract<CanonicalStatus, 'scheduled'>;
  statusAfter: Extract<CanonicalStatus, 'cancelled'>;
}
