import { createHash } from 'node:crypto';
import { invalidParam } from './dingtalk-errors';
import type { DingtalkInterview } from './dingtalk.types';

/** Validation and paging of `POST /v1.0/ats/interviews/query` [doc: query-the-interview-list]. */

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_SPAN_MS = 30 * 24 * 3600_000;

export interface InterviewQuery {
  candidateId: string;
  begin: number;
  end: number;
  size: number;
  offset: number;
}

export interface InterviewPage {
  totalCount: number;
  hasMore: boolean;
  nextToken?: string;
  list: Array<{
    interviewId: string;
    jobId: string;
    startTimeMillis: number;
    endTimeMillis: number;
    cancelled: boolean;
    creatorUserId: string;
    interviewers: Array<{ userId: string }>;
  }>;
}

/** Throws the v1.0 `invalidParam` error for anything the doc rules out. */
export function parseInterviewQuery(query: Record<string, unknown>, body: unknown): InterviewQuery {
  if (query.bizCode !== undefined && query.bizCode !== 'ddats') throw invalidParam('bizCode只支持ddats');
  const size = query.size === undefined || query.size === '' ? DEFAULT_PAGE_SIZE : Number(query.size);
  if (!Number.isInteger(size) || size < 1) throw invalidParam('size必须为正整数');
  if (size > MAX_PAGE_SIZE) throw invalidParam(`size不能超过${MAX_PAGE_SIZE}`);
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { candidateId, startTimeBeginMillis, startTimeEndMillis } = fields;
  if (typeof candidateId !== 'string' || candidateId === '') throw invalidParam('candidateId不能为空');
  if (!isMillis(startTimeBeginMillis)) throw invalidParam('startTimeBeginMillis不能为空且必须为毫秒时间戳');
  if (!isMillis(startTimeEndMillis)) throw invalidParam('startTimeEndMillis不能为空且必须为毫秒时间戳');
  if (startTimeEndMillis < startTimeBeginMillis) throw invalidParam('startTimeEndMillis不能早于startTimeBeginMillis');
  if (startTimeEndMillis - startTimeBeginMillis > MAX_SPAN_MS) throw invalidParam('面试开始时间跨度不能超过30天');
  const offset = typeof query.nextToken === 'string' && query.nextToken !== '' ? decodeToken(query.nextToken, fields) : 0;
  return { candidateId, begin: startTimeBeginMillis, end: startTimeEndMillis, size, offset };
}

/** `interviews` must be the candidate's, sorted; filter on start time, inclusive on both ends. */
export function pageInterviews(interviews: DingtalkInterview[], query: InterviewQuery): InterviewPage {
  const matching = interviews.filter((i) => i.startTimeMillis >= query.begin && i.startTimeMillis <= query.end);
  const slice = matching.slice(query.offset, query.offset + query.size);
  const nextOffset = query.offset + slice.length;
  const hasMore = nextOffset < matching.length;
  return {
    totalCount: matching.length,
    hasMore,
    ...(hasMore ? { nextToken: encodeToken(nextOffset, query) } : {}),
    list: slice.map((i) => ({
      interviewId: i.interviewId,
      jobId: i.jobId,
      startTimeMillis: i.startTimeMillis,
      endTimeMillis: i.endTimeMillis,
      cancelled: i.cancelled,
      creatorUserId: i.creatorUserId,
      interviewers: i.interviewers.map((userId) => ({ userId })),
    })),
  };
}

function isMillis(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Opaque cursor bound to the query it came from, so a cursor reused with other filters is refused. */
function encodeToken(offset: number, query: Pick<InterviewQuery, 'candidateId' | 'begin' | 'end'>): string {
  return Buffer.from(`${offset}.${fingerprint(query.candidateId, query.begin, query.end)}`).toString('base64url');
}

function decodeToken(token: string, fields: Record<string, unknown>): number {
  const [offsetText, print] = Buffer.from(token, 'base64url').toString('utf8').split('.');
  const offset = Number(offsetText);
  const expected = fingerprint(fields.candidateId, fields.startTimeBeginMillis, fields.startTimeEndMillis);
  if (!Number.isInteger(offset) || offset < 0 || print !== expected) throw invalidParam('nextToken无效');
  return offset;
}

function fingerprint(...parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
}
