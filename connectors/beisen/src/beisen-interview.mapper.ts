import { ConnectorError, record, text, type ParsedVendorEvent, type VendorEvent } from '@hub/connector-sdk';
import { readApply, readInterview, type BeisenApply, type BeisenInterview } from './beisen-records';
import type { BeisenSettings } from './beisen-settings';
import { fromBeisenTime } from './beisen-time';

export const BEISEN_INTERVIEW_CANCELLED_KIND = 'beisen.interview.cancelled';

export function isCancelled(interview: BeisenInterview, s: BeisenSettings): boolean {
  return s.interview.cancelledStatuses.includes(interview.status);
}

/**
 * A cancelled interview and its apply as the inbox event. Its id names the interview only: a cancellation is one
 * event however often a poll reads it again (the inbox drops the re-reads).
 */
export function interviewEvent(interview: BeisenInterview, apply: BeisenApply | undefined): VendorEvent {
  return {
    externalEventId: `interview:${interview.interviewId}:cancelled`,
    kind: BEISEN_INTERVIEW_CANCELLED_KIND,
    mode: 'poll',
    payload: JSON.stringify({ interview: interview.raw, ...(apply ? { apply } : {}) }),
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Pure: a polled cancelled interview (with its apply) → a VendorCancellation under Beisen's ids. */
export function parseBeisenEvent(event: VendorEvent, s: BeisenSettings): ParsedVendorEvent[] {
  if (event.kind !== BEISEN_INTERVIEW_CANCELLED_KIND) return [{ kind: 'ignored', why: `unknown event kind ${event.kind}` }];
  let body: Record<string, unknown> | undefined;
  try {
    body = record(JSON.parse(event.payload));
  } catch {
    throw new ConnectorError('INVALID', `Beisen event ${event.externalEventId} is not JSON`);
  }
  if (!body) throw new ConnectorError('INVALID', `Beisen event ${event.externalEventId} is not an object`);
  const interview = readInterview(body.interview, s.utcOffsetMinutes);
  if (!interview) return [{ kind: 'ignored', why: 'event without an interview (interviewId)' }];
  const apply = readApply(body.apply);
  const applicantId = apply?.applicantId ?? interview.applicantId;
  if (!applicantId) return [{ kind: 'ignored', why: `interview ${interview.interviewId} names no applicant` }];
  if (!isCancelled(interview, s)) return [{ kind: 'ignored', why: `interview ${interview.interviewId} is ${interview.status || 'without status'}, not cancelled` }];
  const occurredAt = iso(fromBeisenTime(interview.modified, s.utcOffsetMinutes)) ?? new Date(0).toISOString();
  const jobId = apply?.jobId ?? interview.jobId;
  const jobName = apply?.jobName ?? interview.jobName;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(interview.raw)) if (text(v) !== undefined) fields[k] = String(v);
  if (apply?.applyId) fields.applyId = apply.applyId;
  const by = interview.cancelledBy;
  return [
    {
      kind: 'cancellation',
      occurredAt,
      interview: {
        externalId: interview.interviewId,
        ...(interview.round ? { round: interview.round } : {}),
        ...(interview.start !== undefined ? { scheduledStart: iso(interview.start) } : {}),
        ...(interview.end !== undefined ? { scheduledEnd: iso(interview.end) } : {}),
        ...(jobId || jobName ? { position: { ...(jobId ? { id: jobId } : {}), ...(jobName ? { title: jobName } : {}) } } : {}),
        interviewers: interview.interviewers.map((i) => ({ ...(i.id ? { externalId: i.id } : {}), ...(i.name ? { name: i.name } : {}) })),
      },
      candidate: { externalId: applicantId, ...(apply?.name ? { name: apply.name } : {}), ...(apply?.mobile ? { phone: apply.mobile } : {}), ...(apply?.email ? { email: apply.email } : {}) },
      reasonValue: interview.reason ?? '',
      ...(interview.batchId ? { batchId: interview.batchId } : {}),
      ...(by && (by.id || by.name) ? { initiatedBy: { type: 'recruiter', ...(by.id ? { id: by.id } : {}), ...(by.name ? { name: by.name } : {}) } } : {}),
      fields,
    },
  ];
}
