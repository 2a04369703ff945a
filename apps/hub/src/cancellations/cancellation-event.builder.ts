import type { CancellationEvent, InitiatorType, InterviewKind, NotifyChannel, ReasonCode } from '@hub/schema';
import type { CreateCancellationDto } from './create-cancellation.dto';

/** The `source.connectionId` of cancellations made through the hub's own API. */
export const API_CONNECTION_ID = 'api';

/**
 * The canonical event of a one-click cancel. Pure. It states only what the request said: no interview
 * time, position id or interviewer the caller did not give (the position title, required by the schema,
 * falls back to 未知岗位 and the interview kind to ai_cloud, the product's subject).
 */
export function buildApiCancellationEvent(dto: CreateCancellationDto, ctx: { id: string; tenantId: string; receivedAt: string; occurredAt: string; idempotencyKey?: string; candidateName: string }): CancellationEvent {
  const ref = dto.interview;
  return {
    schemaVersion: 1,
    id: ctx.id,
    tenantId: ctx.tenantId,
    source: { system: 'api', connectionId: API_CONNECTION_ID, mode: 'api', receivedAt: ctx.receivedAt, ...(ctx.idempotencyKey ? { externalEventId: ctx.idempotencyKey } : {}) },
    occurredAt: ctx.occurredAt,
    interview: {
      key: `${ref.connectionId}:${ref.externalId}`,
      externalIds: { [ref.connectionId]: ref.externalId },
      kind: (ref.kind ?? 'ai_cloud') as InterviewKind,
      ...(ref.round ? { round: ref.round } : {}),
      ...(ref.scheduledStart ? { scheduledStart: ref.scheduledStart } : {}),
      ...(ref.scheduledEnd ? { scheduledEnd: ref.scheduledEnd } : {}),
      position: { ...(ref.position?.id ? { id: ref.position.id } : {}), title: ref.position?.title ?? '未知岗位' },
      interviewers: (ref.interviewers ?? []).map((i) => ({
        ...(i.externalId ? { externalIds: { [ref.connectionId]: i.externalId } } : {}),
        ...(i.name ? { name: i.name } : {}),
        ...(i.preferredChannels ? { preferredChannels: i.preferredChannels as NotifyChannel[] } : {}),
      })),
    },
    candidate: {
      externalIds: dto.candidate.externalId ? { [ref.connectionId]: dto.candidate.externalId } : {},
      name: ctx.candidateName,
      ...(dto.candidate.phone ? { phone: dto.candidate.phone } : {}),
      ...(dto.candidate.email ? { email: dto.candidate.email } : {}),
      ...(dto.candidate.preferredChannels ? { preferredChannels: dto.candidate.preferredChannels as NotifyChannel[] } : {}),
    },
    cancellation: {
      reason: {
        code: dto.reason.code as ReasonCode,
        ...(dto.reason.detail ? { detail: dto.reason.detail } : {}),
        ...(dto.reason.text ? { text: dto.reason.text } : {}),
        sourceValue: dto.reason.detail ? `${dto.reason.code}/${dto.reason.detail}` : dto.reason.code,
      },
      initiatedBy: { type: dto.initiatedBy.type as InitiatorType, ...(dto.initiatedBy.id ? { id: dto.initiatedBy.id } : {}), ...(dto.initiatedBy.name ? { name: dto.initiatedBy.name } : {}) },
      ...(dto.batchId ? { batchId: dto.batchId } : {}),
    },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
  };
}

/** JSON with object keys sorted at every level: the same request body hashes the same however its keys were ordered. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
