import { createHash } from 'node:crypto';
import { ConnectorError, type Connection, type Effect } from '@hub/connector-sdk';
import type { U8ResourceMapping, U8Settings } from './u8-settings';

/**
 * The record an effect becomes in U8: its business key (the archive code) and its fields rendered from the
 * connection's templates. Pure: the same effect always gives the same record, which is what makes a retry safe.
 */

/**
 * The archive code of an effect: `prefix` + upper-case hex of sha256(idempotencyKey + ":" + effect type), cut to
 * `length` characters. Stable across retries of one delivery, different for the two effects of one event; short
 * because U8 archive codes are short (e.g. 人员编码; the exact limit per archive is UNCONFIRMED → `businessKey.length`).
 */
export function businessKey(effect: Pick<Effect, 'type' | 'idempotencyKey'>, options: U8Settings['businessKey']): string {
  const hex = createHash('sha256').update(`${effect.idempotencyKey}:${effect.type}`, 'utf8').digest('hex').toUpperCase();
  return `${options.prefix}${hex}`.slice(0, options.length);
}

function joined(values: (string | undefined)[]): string {
  return values.filter((v): v is string => !!v).join('、');
}

/** Every name a template may use, with its value for this effect (missing values are empty strings). */
export function templateValues(effect: Effect, conn: Pick<Connection, 'id'>, key: string): Record<string, string> {
  const { event } = effect;
  const { interview, candidate, cancellation } = event;
  const reason = cancellation.reason;
  const reasonText = reason.text ?? reason.sourceValue ?? reason.code;
  const interviewers = joined(interview.interviewers.map((p) => p.name ?? p.externalIds?.[conn.id]));
  const values: Record<string, string | number | undefined> = {
    businessKey: key,
    idempotencyKey: effect.idempotencyKey,
    effectType: effect.type,
    eventId: event.id,
    tenantId: event.tenantId,
    occurredAt: event.occurredAt,
    'source.system': event.source.system,
    'source.connectionId': event.source.connectionId,
    status: effect.params.status,
    reason: reasonText,
    'reason.code': reason.code,
    'reason.detail': reason.detail,
    'reason.text': reason.text,
    'reason.sourceValue': reason.sourceValue,
    'candidate.name': candidate.name,
    'candidate.phone': candidate.phone,
    'candidate.email': candidate.email,
    'candidate.hubId': candidate.hubId,
    'candidate.externalId': candidate.externalIds[conn.id],
    'interview.key': interview.key,
    'interview.hubId': interview.hubId,
    'interview.externalId': interview.externalIds[conn.id],
    'interview.kind': interview.kind,
    'interview.round': interview.round,
    'interview.scheduledStart': interview.scheduledStart,
    'interview.scheduledEnd': interview.scheduledEnd,
    'position.title': interview.position.title,
    'position.id': interview.position.id,
    interviewers,
    'initiatedBy.type': cancellation.initiatedBy.type,
    'initiatedBy.name': cancellation.initiatedBy.name,
    'initiatedBy.id': cancellation.initiatedBy.id,
    summary: [
      '面试已取消',
      `候选人: ${candidate.name}`,
      `岗位: ${interview.position.title}`,
      interview.scheduledStart && `原定: ${interview.scheduledStart}`,
      `原因: ${reasonText}`,
      interviewers && `面试官: ${interviewers}`,
      `发起方: ${cancellation.initiatedBy.name ?? cancellation.initiatedBy.type}`,
    ]
      .filter(Boolean)
      .join(' | '),
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === undefined ? '' : String(v)]));
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/**
 * The record's fields: each template rendered, the key field set to the business key. A template naming an
 * unknown variable is a configuration error (INVALID, naming the setting) rather than a silently empty field.
 */
export function buildRecord(type: string, mapping: U8ResourceMapping, values: Record<string, string>): Record<string, string> {
  const unknown = new Set<string>();
  const fields: Record<string, string> = {};
  for (const [field, template] of Object.entries(mapping.fields)) {
    fields[field] = template.replace(PLACEHOLDER, (_m, name: string) => {
      if (!(name in values)) unknown.add(name);
      return values[name] ?? '';
    });
  }
  if (unknown.size) {
    throw new ConnectorError('INVALID', `settings.effects.${type}.fields use unknown template variables: ${[...unknown].join(', ')} (known: ${Object.keys(values).join(', ')})`);
  }
  fields[mapping.keyField] = values.businessKey;
  return fields;
}
