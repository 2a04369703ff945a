import { ConnectorError, type Connection } from '@hub/connector-sdk';
import { record, text } from '../shared';
import type { BipApiClient } from './bip-api.client';
import { resolveSettings } from './bip-settings';
import type { BipApprovalTrail, BipCandidateDetail, BipCandidatePage, BipCandidateRow, BipWriteResult } from './bip.types';

/** Paths of the candidate APIs (VENDORS.md §2 Objects [Y4]). */
export const CANDIDATE_LIST_PATH = '/yonbip/hrcloud/hrcandidate/list';
export const CANDIDATE_DETAIL_PATH = '/yonbip/hrcloud/HRCloud/getGlobalCandidateDetail';
export const UPDATE_CANDIDATE_PATH = '/yonbip/hrcloud/updateCandidate';

function rowsOf(v: unknown): BipCandidateRow[] {
  if (!Array.isArray(v)) return [];
  return v.map(record).flatMap((r) => {
    const id = text(r?.id);
    return r && id ? [{ ...r, id }] : [];
  });
}

function count(v: unknown): number | undefined {
  const n = Number(v);
  return v !== undefined && v !== null && Number.isFinite(n) ? n : undefined;
}

/** The candidate endpoints YonBIP documents, plus the UNCONFIRMED approval trail and tenant-built APIs (BIP.md §4–§8). */
export class BipCandidatesApi {
  constructor(private readonly client: BipApiClient) {}

  /** One page of `POST /yonbip/hrcloud/hrcandidate/list` (`pageIndex` from 1, `pageSize` ≤ 500, filters in the body). */
  async listPage(conn: Connection, filters: Record<string, unknown>, pageIndex: number): Promise<BipCandidatePage> {
    const body = { pageIndex, pageSize: resolveSettings(conn).pageSize, ...filters };
    const { data } = await this.client.post(conn, CANDIDATE_LIST_PATH, body, 'candidate list');
    const page = record(data) ?? {};
    return { pageIndex, pageCount: count(page.pageCount), recordCount: count(page.recordCount), rows: rowsOf(page.recordList) };
  }

  /**
   * Every row the list answers for `filters`, all pages until exhausted (an empty page, the last `pageCount`, a
   * short page, or setting `maxPages`), de-duplicated by id in vendor order.
   */
  async listAll(conn: Connection, filters: Record<string, unknown>): Promise<BipCandidateRow[]> {
    const { pageSize, maxPages } = resolveSettings(conn);
    const seen = new Map<string, BipCandidateRow>();
    for (let pageIndex = 1; pageIndex <= maxPages; pageIndex++) {
      const page = await this.listPage(conn, filters, pageIndex);
      for (const row of page.rows) if (!seen.has(row.id)) seen.set(row.id, row);
      const last = page.pageCount !== undefined ? pageIndex >= page.pageCount : page.rows.length < pageSize;
      if (!page.rows.length || last) break;
    }
    return [...seen.values()];
  }

  /** `POST /yonbip/hrcloud/HRCloud/getGlobalCandidateDetail` `{id}`; undefined when YonBIP has no such candidate. */
  async detail(conn: Connection, id: string): Promise<BipCandidateDetail | undefined> {
    let data: unknown;
    try {
      ({ data } = await this.client.post(conn, CANDIDATE_DETAIL_PATH, { id }, `candidate detail ${id}`));
    } catch (e) {
      if (e instanceof ConnectorError && e.kind === 'NOT_FOUND') return undefined;
      throw e;
    }
    const detail = record(data);
    return detail ? { ...detail, id: text(detail.id) ?? id } : undefined;
  }

  /** The approval trail of a 面试取消申请 at setting `approval.historyPath` (UNCONFIRMED endpoint, BIP.md §6). */
  async approvalTrail(conn: Connection, cancelApplyId: string): Promise<BipApprovalTrail | undefined> {
    const { data } = await this.client.post(conn, resolveSettings(conn).approval.historyPath, { id: cancelApplyId }, `approval trail of 面试取消申请 ${cancelApplyId}`);
    return record(data);
  }

  /**
   * `POST /yonbip/hrcloud/updateCandidate` `{data: {id, _status: "Update", …fields}, resubmitCheckKey}` (MDD
   * idempotent [Y4]). A partial failure (`failCount` > 0 or `failInfos`) is refused as INVALID.
   */
  async update(conn: Connection, id: string, fields: Record<string, unknown>, checkKey: string): Promise<BipWriteResult> {
    const result = await this.write(conn, UPDATE_CANDIDATE_PATH, { id, _status: 'Update', ...fields }, checkKey, `update of candidate ${id}`);
    const data = record(result.data);
    const failInfos = data?.failInfos;
    const failed = Number(data?.failCount) > 0 || (Array.isArray(failInfos) ? failInfos.length > 0 : !!record(failInfos) && Object.keys(record(failInfos) ?? {}).length > 0);
    if (failed) throw new ConnectorError('INVALID', `update of candidate ${id} failed: ${JSON.stringify(failInfos ?? data?.messages ?? data).slice(0, 300)}`);
    return result;
  }

  /** A write to a tenant-built API (settings `archive`/`tags` in endpoint mode): `{data, resubmitCheckKey}`. */
  write(conn: Connection, path: string, data: Record<string, unknown>, checkKey: string, what: string): Promise<BipWriteResult> {
    const inData = resolveSettings(conn).resubmitCheckKeyIn === 'data';
    const body = inData ? { data: { ...data, resubmitCheckKey: checkKey } } : { data, resubmitCheckKey: checkKey };
    return this.client.post(conn, path, body, what);
  }
}
