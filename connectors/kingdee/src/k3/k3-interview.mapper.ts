import { ConnectorError, record, type ParsedVendorEvent, type VendorEvent } from '@hub/connector-sdk';
import type { K3Settings } from './k3-settings';
import { fromK3Time, k3TimeKey } from './k3-time';

export const K3_INTERVIEW_CANCELLED_KIND = 'k3.interview.cancelled';

const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));

/** The field keys polled from the interview form: every configured field plus status and modification time. */
export function interviewFieldKeys(s: K3Settings): string[] {
  const f = s.interview.fields;
  return [...new Set([f.id, f.candidateId, s.interview.statusField, s.interview.modifiedField, f.candidateName, f.phone, f.email, f.reason, f.batchId, f.scheduledStart, f.position, f.interviewer, f.recruiter, f.recruiterName].filter((k): k is string => !!k))];
}

export function isCancelled(row: Record<string, unknown>, s: K3Settings): boolean {
  return s.interview.cancelledValues.includes(String(row[s.interview.statusField] ?? ''));
}

/** One polled row (a record keyed by field key) as the inbox event; the id is stable across polls of the same change. */
export function interviewEvent(row: Record<string, unknown>, s: K3Settings): VendorEvent {
  const id = String(row[s.interview.fields.id] ?? '');
  return { externalEventId: `${s.interview.formId}:${id}:${k3TimeKey(row[s.interview.modifiedField])}`, kind: K3_INTERVIEW_CANCELLED_KIND, mode: 'poll', payload: JSON.stringify(row) };
}

/** Pure: a polled interview row → a VendorCancellation (with its batchId when the row carries one). */
export function parseK3Event(event: VendorEvent, s: K3Settings): ParsedVendorEvent[] {
  if (event.kind !== K3_INTERVIEW_CANCELLED_KIND) return [{ kind: 'ignored', why: `unknown event kind ${event.kind}` }];
  let row: Record<string, unknown> | undefined;
  try {
    row = record(JSON.parse(event.payload));
  } catch {
    throw new ConnectorError('INVALID', `K/3 event ${event.externalEventId} is not JSON`);
  }
  if (!row) throw new ConnectorError('INVALID', `K/3 event ${event.externalEventId} is not a row record`);
  const f = s.interview.fields;
  const id = str(row[f.id]);
  const candidateId = str(row[f.candidateId]);
  if (!id || !candidateId) return [{ kind: 'ignored', why: `row without ${f.id}/${f.candidateId}` }];
  if (!isCancelled(row, s)) return [{ kind: 'ignored', why: `interview ${id} is ${String(row[s.interview.statusField])}, not cancelled` }];
  const get = (k?: string) => (k ? str(row![k]) : undefined);
  const occurredAt = fromK3Time(row[s.interview.modifiedField], s.utcOffsetMinutes) ?? new Date(0).toISOString();
  const scheduledStart = fromK3Time(get(f.scheduledStart), s.utcOffsetMinutes);
  const position = get(f.position);
  const interviewer = get(f.interviewer);
  const batchId = get(f.batchId);
  // The recruiter who cancelled (Kingdee's batch cancel is a recruiter's act): the one the follow-up reminder goes to.
  const recruiter = { id: get(f.recruiter), name: get(f.recruiterName) };
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) if (str(v) !== undefined) fields[k] = String(v);
  return [
    {
      kind: 'cancellation',
      occurredAt,
      interview: { externalId: id, ...(scheduledStart ? { scheduledStart } : {}), ...(position ? { position: { title: position } } : {}), interviewers: interviewer ? [{ name: interviewer }] : [] },
      candidate: { externalId: candidateId, ...(get(f.candidateName) ? { name: get(f.candidateName) } : {}), ...(get(f.phone) ? { phone: get(f.phone) } : {}), ...(get(f.email) ? { email: get(f.email) } : {}) },
      reasonValue: get(f.reason) ?? '',
      ...(batchId ? { batchId } : {}),
      ...(recruiter.id || recruiter.name ? { initiatedBy: { type: 'recruiter', ...(recruiter.id ? { id: recruiter.id } : {}), ...(recruiter.name ? { name: recruiter.name } : {}) } } : {}),
      fields,
    },
  ];
}
