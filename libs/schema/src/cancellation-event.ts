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

/** Someone in an approval chain, as the system the approval ran in knows them. */
export interface ApprovalParty {
  id?: string;
  name?: string;
}

/** One decision of an approval chain (1.2). */
export interface ApprovalStep {
  level: number;
  approver?: ApprovalParty;
  decision: 'approved' | 'rejected' | 'returned';
  at: string;
  comment?: string;
}

/**
 * The approval a cancellation went through in its source system, e.g. Yonyou's 面试取消申请 approved by the
 * recruiting manager. The trail (request, requester, steps) was added in 1.2.
 */
export interface CancellationApproval {
  status: 'not_required' | 'approved';
  approvedBy?: string;
  approvedAt?: string;
  requestId?: string;
  requestedBy?: ApprovalParty;
  requestedAt?: string;
  steps?: ApprovalStep[];
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
    approval?: CancellationApproval;
  };
  statusBefore: Extract<CanonicalStatus, 'scheduled'>;
  statusAfter: Extract<CanonicalStatus, 'cancelled'>;
}
