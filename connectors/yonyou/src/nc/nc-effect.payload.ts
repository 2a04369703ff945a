import type { Connection, Effect } from '@hub/connector-sdk';
import type { CancellationEvent } from '@hub/schema';
import type { TemplateValue } from './nc-template';

/**
 * What the hub sends a tenant's NC interface for an effect: `{{json}}` is this payload as JSON text (NC.md "Payload",
 * the demo interface's contract); every field is also a template variable of its own. Pure.
 */
export interface NcEffectPayload {
  effect: Effect['type'];
  idempotencyKey: string;
  hubEventId: string;
  occurredAt: string;
  candidate: { externalId?: string; name: string; phone?: string; email?: string };
  interview: {
    key: string;
    externalId?: string;
    kind: string;
    round?: number;
    scheduledStart?: string;
    scheduledEnd?: string;
    position: { id?: string; title: string };
    interviewers: { externalId?: string; name?: string }[];
  };
  reason: { code: string; detail?: string; text?: string; sourceValue: string };
  initiatedBy: { type: string; id?: string; name?: string };
  /** candidateStatus: NC's own status value (the tenant's `mapping.statusValues.cancelled`). */
  status?: string;
  /** archiveInterview: the archive text. */
  note?: string;
  /** tagTalentPool: the rendered tags. */
  tags?: string[];
}

/**
 * The connection's credentials, for interfaces that take them inside their arguments: the secret stays in the
 * encrypted credentials, never in settings. (With `auth: wsse` they travel in the SOAP header instead.)
 */
export const CREDENTIAL_VARIABLES = ['credentials.username', 'credentials.password'] as const;

export function credentialVariables(conn: Pick<Connection, 'credentials'>): Record<(typeof CREDENTIAL_VARIABLES)[number], TemplateValue> {
  return { 'credentials.username': conn.credentials.username, 'credentials.password': conn.credentials.password };
}

/** Variables a write operation's argument templates may use. */
export const WRITE_VARIABLES = [
  ...CREDENTIAL_VARIABLES,
  'json',
  'idempotencyKey',
  'effect',
  'hubEventId',
  'occurredAt',
  'status',
  'note',
  'tags',
  'reason',
  'reasonCode',
  'reasonDetail',
  'reasonText',
  'initiatedBy.type',
  'initiatedBy.id',
  'initiatedBy.name',
  'candidate.externalId',
  'candidate.name',
  'candidate.phone',
  'candidate.email',
  'interview.key',
  'interview.externalId',
  'interview.kind',
  'interview.round',
  'interview.scheduledStart',
  'interview.scheduledEnd',
  'position.id',
  'position.title',
] as const;

const INITIATORS: Record<string, string> = { candidate: '候选人', recruiter: '招聘方', system: '系统' };

/** The reason as a person reads it: the tenant's text, else the source system's own value, else the code. */
function reasonText(event: CancellationEvent): string {
  const r = event.cancellation.reason;
  return r.text ?? (r.sourceValue || r.code);
}

/** The archive text written by `archiveInterview` (one line, as an NC memo field holds it). */
export function archiveNote(event: CancellationEvent): string {
  const parts = [`面试已取消`, `取消时间: ${event.occurredAt}`, `原因: ${reasonText(event)}`];
  if (event.cancellation.reason.detail) parts.push(`说明: ${event.cancellation.reason.detail}`);
  const by = event.cancellation.initiatedBy;
  parts.push(`发起方: ${by.name ?? INITIATORS[by.type] ?? by.type}`);
  return parts.join(' | ');
}

/** The payload of one effect, with this connection's own ids wherever the hub knows them. */
export function effectPayload(effect: Effect, connectionId: string): NcEffectPayload {
  const { event, params } = effect;
  const iv = event.interview;
  const payload: NcEffectPayload = {
    effect: effect.type,
    idempotencyKey: effect.idempotencyKey,
    hubEventId: event.id,
    occurredAt: event.occurredAt,
    candidate: { externalId: event.candidate.externalIds[connectionId], name: event.candidate.name, phone: event.candidate.phone, email: event.candidate.email },
    interview: {
      key: iv.key,
      externalId: iv.externalIds[connectionId],
      kind: iv.kind,
      round: iv.round,
      scheduledStart: iv.scheduledStart,
      scheduledEnd: iv.scheduledEnd,
      position: { id: iv.position.id, title: iv.position.title },
      interviewers: iv.interviewers.map((p) => ({ externalId: p.externalIds?.[connectionId], name: p.name })),
    },
    reason: { ...event.cancellation.reason },
    initiatedBy: { type: event.cancellation.initiatedBy.type, id: event.cancellation.initiatedBy.id, name: event.cancellation.initiatedBy.name },
  };
  if (effect.type === 'candidateStatus') payload.status = params.status;
  if (effect.type === 'archiveInterview') payload.note = archiveNote(event);
  if (effect.type === 'tagTalentPool') payload.tags = params.tags ?? [];
  return payload;
}

/** The template variables of one effect (see WRITE_VARIABLES). */
export function effectVariables(effect: Effect, conn: Pick<Connection, 'id' | 'credentials'>): Record<(typeof WRITE_VARIABLES)[number], TemplateValue> {
  const p = effectPayload(effect, conn.id);
  return {
    ...credentialVariables(conn),
    json: JSON.stringify(p),
    idempotencyKey: p.idempotencyKey,
    effect: p.effect,
    hubEventId: p.hubEventId,
    occurredAt: p.occurredAt,
    status: p.status,
    note: p.note,
    tags: p.tags,
    reason: reasonText(effect.event),
    reasonCode: p.reason.code,
    reasonDetail: p.reason.detail,
    reasonText: p.reason.text,
    'initiatedBy.type': p.initiatedBy.type,
    'initiatedBy.id': p.initiatedBy.id,
    'initiatedBy.name': p.initiatedBy.name,
    'candidate.externalId': p.candidate.externalId,
    'candidate.name': p.candidate.name,
    'candidate.phone': p.candidate.phone,
    'candidate.email': p.candidate.email,
    'interview.key': p.interview.key,
    'interview.externalId': p.interview.externalId,
    'interview.kind': p.interview.kind,
    'interview.round': p.interview.round,
    'interview.scheduledStart': p.interview.scheduledStart,
    'interview.scheduledEnd': p.interview.scheduledEnd,
    'position.id': p.interview.position.id,
    'position.title': p.interview.position.title,
  };
}
