import { parseVendorTime } from './yonyou-bip-time';
import type { BipCandidate } from './yonyou-bip.types';

/**
 * `hrcandidate/list` body [Y4]: `pageIndex` (default 1), `pageSize` (default 10, "不超过500"), `status`, `name`,
 * `idList`, `codeList`, `pubts`. Not documented, served as the contract asks (UNCONFIRMED): `mobile`, `email`
 * (resolve filters) and the meaning of `pubts` (here: rows modified at or after it). Order (UNCONFIRMED): oldest
 * modification first, then id, so paging is stable.
 */
export interface BipListQuery {
  pageIndex: number;
  pageSize: number;
  matches(candidate: BipCandidate): boolean;
}

export const MAX_PAGE_SIZE = 500;

function digits(phone: string): string {
  const d = phone.replace(/\D/g, '');
  return /^(0086|86)\d{11}$/.test(d) ? d.slice(-11) : d;
}

function positiveInt(value: unknown, fallback: number, name: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}必须是正整数`);
  return n;
}

function list(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new Error(`${name}必须是数组`);
  return value.map(String);
}

/** Reads the body; throws with a message for the `999` answer when it cannot. */
export function parseListQuery(body: Record<string, unknown>, offset: string): BipListQuery {
  const pageIndex = positiveInt(body.pageIndex, 1, 'pageIndex');
  const pageSize = positiveInt(body.pageSize, 10, 'pageSize');
  if (pageSize > MAX_PAGE_SIZE) throw new Error(`pageSize不能超过${MAX_PAGE_SIZE}`);
  const status = body.status === undefined || body.status === null || body.status === '' ? undefined : String(body.status);
  const mobile = typeof body.mobile === 'string' && body.mobile ? digits(body.mobile) : undefined;
  const email = typeof body.email === 'string' && body.email ? body.email.toLowerCase() : undefined;
  const name = typeof body.name === 'string' && body.name ? body.name : undefined;
  const ids = list(body.idList, 'idList');
  const codes = list(body.codeList, 'codeList');
  let since: number | undefined;
  if (typeof body.pubts === 'string' && body.pubts) {
    since = parseVendorTime(body.pubts, offset);
    if (since === undefined) throw new Error('pubts格式应为yyyy-MM-dd HH:mm:ss');
  }
  return {
    pageIndex,
    pageSize,
    matches: (c) =>
      (status === undefined || c.status === status) &&
      (mobile === undefined || digits(c.mobile) === mobile) &&
      (email === undefined || c.email?.toLowerCase() === email) &&
      (name === undefined || c.name === name) &&
      (ids === undefined || ids.includes(c.id)) &&
      (codes === undefined || codes.includes(c.code)) &&
      // pubts is shown at second precision: compare the second the row shows.
      (since === undefined || Math.floor(c.modifiedAt / 1000) * 1000 >= since),
  };
}

export interface BipPage<T> {
  pageIndex: number;
  pageSize: number;
  recordCount: number;
  pageCount: number;
  recordList: T[];
}

export function pageCandidates<T>(candidates: BipCandidate[], query: BipListQuery, view: (c: BipCandidate) => T): BipPage<T> {
  const rows = candidates.filter(query.matches).sort((a, b) => a.modifiedAt - b.modifiedAt || a.id.localeCompare(b.id));
  const start = (query.pageIndex - 1) * query.pageSize;
  return {
    pageIndex: query.pageIndex,
    pageSize: query.pageSize,
    recordCount: rows.length,
    pageCount: Math.ceil(rows.length / query.pageSize),
    recordList: rows.slice(start, start + query.pageSize).map(view),
  };
}
