import { ConnectorError, readPath, record, type ParsedVendorEvent, type VendorCancellation, type VendorEvent } from '@hub/connector-sdk';
import type { DingTalkSettings } from './dingtalk-settings';
import { toOffsetIso } from './dingtalk-time';
import { INTERVIEW_CANCELLED_KIND, type DingTalkCancelledPayload, type DingTalkInterview } from './dingtalk.types';
import { CHECK_URL_EVENT } from './dingtalk-webhook.verifier';

/** The settings the mapper reads; everything else stays out of this pure function. */
export type MapperSettings = Pick<DingTalkSettings, 'timezone' | 'hintEventTypes' | 'hintCandidateIdField'>;


function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function millis(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function parseJson(event: VendorEvent): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(event.payload);
  } catch {
    throw new ConnectorError('INVALID', `event ${event.externalEventId}: payload is not JSON`);
  }
  const obj = record(value);
  if (!obj) throw new ConnectorError('INVALID', `event ${event.externalEventId}: payload is not a JSON object`);
  return obj;
}


function cancellation(event: VendorEvent, settings: MapperSettings): VendorCancellation {
  const payload = parseJson(event) as Partial<DingTalkCancelledPayload>;
  const interview = record(payload.interview) as DingTalkInterview | undefined;
  const interviewId = text(interview?.interviewId);
  const candidateId = text(payload.candidateId);
  const detectedAt = typeof payload.detectedAt === 'string' ? Date.parse(payload.detectedAt) : NaN;
  if (!interview || !interviewId || !candidateId || Number.isNaN(detectedAt)) {
    throw new ConnectorError('INVALID', `event ${event.externalEventId}: interview.cancelled payload needs interview.interviewId, candidateId and detectedAt`);
  }
  const start = millis(interview.startTimeMillis);
  const end = millis(interview.endTimeMillis);
  const jobId = text(interview.jobId);
  const jobTitle = text(payload.jobTitle);
  const interviewers = (Array.isArray(interview.interviewers) ? interview.interviewers : [])
    .map((i) => text(record(i)?.userId))
    .filter((id): id is string => !!id)
    .map((externalId) => ({ externalId }));
  const fields: Record<string, string> = { cancelled: 'true' };
  const creator = text(interview.creatorUserId);
  if (creator) fields.creatorUserId = creator;
  if (jobId) fields.jobId = jobId;
  const corpId = text(payload.corpId);
  if (corpId) fields.corpId = corpId;

  const result: VendorCancellation = {
    kind: 'cancellation',
    occurredAt: toOffsetIso(detectedAt, settings.timezone),
    interview: { externalId: interviewId, interviewers },
    candidate: { externalId: candidateId },
    // DingTalk's interview query carries only a `cancelled` flag: no reason, no initiator.
    reasonValue: '',
    fields,
  };
  if (start !== undefined) result.interview.scheduledStart = toOffsetIso(start, settings.timezone);
  if (end !== undefined) result.interview.scheduledEnd = toOffsetIso(end, settings.timezone);
  if (jobId || jobTitle) result.interview.position = { ...(jobId ? { id: jobId } : {}), ...(jobTitle ? { title: jobTitle } : {}) };
  return result;
}

function pollHint(event: VendorEvent, settings: MapperSettings): ParsedVendorEvent {
  const candidate = text(readPath(parseJson(event), settings.hintCandidateIdField));
  return { kind: 'pollHint', subjects: candidate ? [candidate] : [] };
}

/**
 * Turns a stored DingTalk event into vendor-neutral meaning. Pure: no I/O, no clock.
 * - `interview.cancelled` (from the poll) → a VendorCancellation;
 * - recruitment pushes (ids only, e.g. `ats_job_deliver_change`) → a PollHint, because DingTalk
 *   documents no interview-cancelled push and the poll is the source of truth;
 * - `check_url` and unrelated types → ignored.
 */
export function parseDingTalkEvent(event: VendorEvent, settings: MapperSettings): ParsedVendorEvent[] {
  if (event.kind === INTERVIEW_CANCELLED_KIND) return [cancellation(event, settings)];
  if (event.kind === CHECK_URL_EVENT) return [{ kind: 'ignored', why: 'check_url is the callback URL verification handshake' }];
  if (settings.hintEventTypes.includes(event.kind)) return [pollHint(event, settings)];
  return [{ kind: 'ignored', why: `event type "${event.kind}" is not a recruitment change this connector follows` }];
}
