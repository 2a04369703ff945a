import { createHash } from 'node:crypto';
import { invalidParam } from './dingtalk-errors';
import type { DingtalkFlow } from './dingtalk.types';

/**
 * Validation and paging of `POST /v1.0/ats/flows/search?bizCode=ddats` [sdk: SearchFlow]. The SDK model
 * (SearchFlowRequest) marks `minModifyTimeMills`, `maxModifyTimeMills` and `opUserId` required, `cursor`
 * (string) and `size` (int) optional; the answer (SearchFlowResponseBody) is `{hasMore, list: [flowId],
 * nextCursor, totalCount}`. Default/maximum size, cursor format and the inclusive window are sandbox choices.
 */

export const FLOW_SEARCH_DEFAULT_SIZE = 20;
export const FLOW_SEARCH_MAX_SIZE = 200;

export interface FlowSearch {
  min: number;
  max: number;
  opUserId: string;
  size: number;
  offset: number;
}

export interface FlowSearchPage {
  hasMore: boolean;
  list: string[];
  nextCursor?: string;
  totalCount: number;
}

/** Throws the v1.0 `invalidParam` error for a missing required field or a malformed one. */
export function parseFlowSearch(query: Record<string, unknown>, body: unknown): FlowSearch {
  if (query.bizCode !== undefined && query.bizCode !== 'ddats') throw invalidParam('bizCode只支持ddats');
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const { minModifyTimeMills, maxModifyTimeMills, opUserId } = fields;
  if (!isMillis(minModifyTimeMills)) throw invalidParam('minModifyTimeMills不能为空且必须为毫秒时间戳');
  if (!isMillis(maxModifyTimeMills)) throw invalidParam('maxModifyTimeMills不能为空且必须为毫秒时间戳');
  if (maxModifyTimeMills < minModifyTimeMills) throw invalidParam('maxModifyTimeMills不能早于minModifyTimeMills');
  if (typeof opUserId !== 'string' || opUserId === '') throw invalidParam('opUserId不能为空');
  const size = fields.size === undefined || fields.size === null ? FLOW_SEARCH_DEFAULT_SIZE : fields.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw invalidParam('size必须为正整数');
  if (size > FLOW_SEARCH_MAX_SIZE) throw invalidParam(`size不能超过${FLOW_SEARCH_MAX_SIZE}`);
  const cursor = fields.cursor;
  if (cursor !== undefined && cursor !== null && typeof cursor !== 'string') throw invalidParam('cursor必须为字符串');
  const offset = typeof cursor === 'string' && cursor !== '' ? decodeCursor(cursor, minModifyTimeMills, maxModifyTimeMills) : 0;
  return { min: minModifyTimeMills, max: maxModifyTimeMills, opUserId, size, offset };
}

/** `flows` must already be the corp's flows modified in the window, in a stable order. */
export function pageFlows(flows: DingtalkFlow[], search: FlowSearch): FlowSearchPage {
  const slice = flows.slice(search.offset, search.offset + search.size);
  const next = search.offset + slice.length;
  const hasMore = next < flows.length;
  return {
    hasMore,
    list: slice.map((f) => f.flowId),
    ...(hasMore ? { nextCursor: encodeCursor(next, search.min, search.max) } : {}),
    totalCount: flows.length,
  };
}

function isMillis(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Opaque cursor bound to the window it came from; reused with another window it is refused. */
function encodeCursor(offset: number, min: number, max: number): string {
  return Buffer.from(`${offset}.${fingerprint(min, max)}`).toString('base64url');
}

function decodeCursor(cursor: string, min: number, max: number): number {
  const [offsetText, print] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  const offset = Number(offsetText);
  if (!Number.isInteger(offset) || offset < 0 || print !== fingerprint(min, max)) throw invalidParam('cursor无效');
  return offset;
}

function fingerprint(...parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(['flows', ...parts])).digest('hex').slice(0, 12);
}
