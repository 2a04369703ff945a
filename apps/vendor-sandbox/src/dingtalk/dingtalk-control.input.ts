import { BadRequestException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DingtalkStateService } from './dingtalk-state.service';
import type { DingtalkInterview, DingtalkInterviewKind } from './dingtalk.types';

/** Parsing of control-API bodies; errors are plain 400s naming the field. */

const KINDS: readonly DingtalkInterviewKind[] = ['ai_cloud', 'video', 'onsite', 'phone'];

export function record(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestException('body must be a JSON object');
  return body as Record<string, unknown>;
}

export function text(fields: Record<string, unknown>, name: string, fallback?: string): string {
  const value = fields[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  if (fallback !== undefined) return fallback;
  throw new BadRequestException(`${name} is required`);
}

export function newId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

export function corpOf(state: DingtalkStateService, fields: Record<string, unknown>): string {
  const corpId = typeof fields.corpId === 'string' && fields.corpId ? fields.corpId : state.defaultCorpId();
  if (!corpId) throw new BadRequestException('corpId is required when the sandbox holds several corps (or none)');
  return corpId;
}

/**
 * Creates (or replaces) an interview; the candidate and the job are created on the fly when the body
 * names them (`name`/`phone`, `jobName`) and they do not exist yet.
 */
export function createInterview(state: DingtalkStateService, body: unknown): DingtalkInterview {
  const fields = record(body);
  const corpId = corpOf(state, fields);
  const nested = typeof fields.candidate === 'object' && fields.candidate !== null ? (fields.candidate as Record<string, unknown>) : {};
  const candidateFields = { ...fields, ...nested };
  const candidateId = text(candidateFields, 'candidateId', newId('cand-'));
  if (!state.candidate(corpId, candidateId)) {
    state.upsertCandidate({ corpId, candidateId, name: text(candidateFields, 'name'), phone: text(candidateFields, 'phone') });
  }
  const jobId = text(fields, 'jobId');
  if (!state.job(corpId, jobId)) state.upsertJob({ corpId, jobId, name: text(fields, 'jobName') });
  const start = millis(fields.startTimeMillis, 'startTimeMillis');
  const end =
    fields.endTimeMillis !== undefined
      ? millis(fields.endTimeMillis, 'endTimeMillis')
      : start + millis(fields.durationMinutes ?? 30, 'durationMinutes') * 60_000;
  if (end < start) throw new BadRequestException('endTimeMillis is before startTimeMillis');
  const interviewers = parseInterviewers(fields.interviewers);
  const kind = (fields.kind ?? 'ai_cloud') as DingtalkInterviewKind;
  if (!KINDS.includes(kind)) throw new BadRequestException(`kind must be one of ${KINDS.join(', ')}`);
  const interviewId = text(fields, 'interviewId', newId('iv-'));
  return state.upsertInterview({
    corpId,
    interviewId,
    candidateId,
    jobId,
    flowId: text(fields, 'flowId', `flow-${interviewId}`),
    startTimeMillis: start,
    endTimeMillis: end,
    cancelled: fields.cancelled === true,
    creatorUserId: text(fields, 'creatorUserId', interviewers[0]),
    interviewers,
    kind,
  });
}

function millis(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new BadRequestException(`${name} must be a non-negative integer`);
  }
  return value;
}

function parseInterviewers(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new BadRequestException('interviewers must list at least one userId');
  return value.map((entry, index) => {
    const userId = typeof entry === 'string' ? entry : (entry as { userId?: unknown } | null)?.userId;
    if (typeof userId !== 'string' || !userId) throw new BadRequestException(`interviewers[${index}] needs a userId`);
    return userId;
  });
}
