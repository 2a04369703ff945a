import { INITIATOR_TYPES, INTERVIEW_KINDS, assertCancellationEvent, type CancellationApproval, type CancellationEvent, type InitiatorType, type InterviewKind, type SourceMode, type SourceSystem } from '@hub/schema';
import type { VendorCancellation } from '@hub/connector-sdk';
import type { MappingConfig } from '@hub/config';
import { mapReason } from './reason-mapper';
import { renderTemplate } from './template';
import { withOffset } from './time';

export interface NormalizeContext {
  id: string;
  tenantId: string;
  timezone: string;
  connectionId: string;
  system: SourceSystem;
  mode: SourceMode;
  externalEventId?: string;
  receivedAt: string;
  mapping: MappingConfig;
}

/**
 * The approval trail as the canonical event carries it: `approved` once the last step approved it, with that
 * step's approver and time as `approvedBy` / `approvedAt`; every time with the tenant's offset.
 */
function approvalOf(a: NonNullable<VendorCancellation['approval']>, ts: (s: string | undefined) => string | undefined): CancellationApproval {
  const steps = a.steps.map((s) => ({ ...s, at: ts(s.at) as string }));
  const last = steps[steps.length - 1];
  const by = last?.approver?.name ?? last?.approver?.id;
  return {
    status: last?.decision === 'approved' ? 'approved' : 'not_required',
    ...(last?.decision === 'approved' && by ? { approvedBy: by } : {}),
    ...(last?.decision === 'approved' ? { approvedAt: last.at } : {}),
    ...(a.requestId ? { requestId: a.requestId } : {}),
    ...(a.requestedBy ? { requestedBy: a.requestedBy } : {}),
    ...(a.requestedAt ? { requestedAt: ts(a.requestedAt) } : {}),
    steps,
  };
}

/**
 * Turns a vendor's cancellation into a validated CancellationEvent using the connection's mapping.
 * Pure: same input, same output. Throws InvalidCancellationEventError naming the failing path.
 */
export function normalizeCancellation(v: VendorCancellation, ctx: NormalizeContext): CancellationEvent {
  const m = ctx.mapping;
  const conn = ctx.connectionId;
  const reason = mapReason(v.reasonValue, m.reasons, m.defaultReason);
  const kind = (INTERVIEW_KINDS as readonly string[]).includes(v.interview.kind ?? '') ? (v.interview.kind as InterviewKind) : m.interviewKind;
  const initiator = (INITIATOR_TYPES as readonly string[]).includes(v.initiatedBy?.type ?? '') ? (v.initiatedBy?.type as InitiatorType) : m.initiatedBy;
  const ts = (s: string | undefined) => (s ? withOffset(s, ctx.timezone) : undefined);

  const event: CancellationEvent = {
    schemaVersion: 1,
    id: ctx.id,
    tenantId: ctx.tenantId,
    source: {
      system: ctx.system,
      connectionId: conn,
      ...(ctx.externalEventId ? { externalEventId: ctx.externalEventId } : {}),
      mode: ctx.mode,
      receivedAt: ctx.receivedAt,
    },
    occurredAt: withOffset(v.occurredAt, ctx.timezone),
    interview: {
      key: `${conn}:${v.interview.externalId}`,
      externalIds: { [conn]: v.interview.externalId },
      kind,
      ...(v.interview.round ? { round: v.interview.round } : {}),
      ...(v.interview.scheduledStart ? { scheduledStart: ts(v.interview.scheduledStart) } : {}),
      ...(v.interview.scheduledEnd ? { scheduledEnd: ts(v.interview.scheduledEnd) } : {}),
      position: {
        ...(v.interview.position?.id ? { id: v.interview.position.id } : {}),
        title: v.interview.position?.title?.trim() || m.positionTitleFallback,
      },
      interviewers: v.interview.interviewers.map((i) => ({
        ...(i.externalId ? { externalIds: { [conn]: i.externalId } } : {}),
        ...(i.name ? { name: i.name } : {}),
      })),
    },
    candidate: {
      externalIds: { [conn]: v.candidate.externalId },
      name: v.candidate.name?.trim() || renderTemplate(m.candidateNameTemplate, { candidateId: v.candidate.externalId }),
      ...(v.candidate.phone ? { phone: v.candidate.phone } : {}),
      ...(v.candidate.email ? { email: v.candidate.email } : {}),
    },
    cancellation: {
      reason: {
        code: reason.code,
        ...(reason.detail ? { detail: reason.detail } : {}),
        ...(v.reasonText ? { text: v.reasonText } : {}),
        sourceValue: v.reasonValue,
      },
      initiatedBy: {
        type: initiator,
        ...(v.initiatedBy?.id ? { id: v.initiatedBy.id } : {}),
        ...(v.initiatedBy?.name ? { name: v.initiatedBy.name } : {}),
      },
      ...(v.batchId ? { batchId: v.batchId } : {}),
      ...(v.approval ? { approval: approvalOf(v.approval, ts) } : {}),
    },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
  };
  assertCancellationEvent(event);
  return event;
}
