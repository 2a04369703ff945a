import type { NcAnswer, NcCancelledInterview, NcWriteOperation } from './yonyou-nc.types';

/**
 * What the demo interface's operations check and answer, without state: pure functions the state service and the
 * spec share. Answers follow the `{success, code, message, data}` JSON NC custom interfaces commonly return in
 * `<return>` (a public caller's `IDeptSyncWSMessage`: `{"message":"部门编码重复；…","data":"[]","success":false}`).
 */

/** NC server time: UFDateTime text `yyyy-MM-dd HH:mm:ss` at +08:00 (the simulated server runs in China). */
export function ncTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function ok(message: string, data?: unknown): NcAnswer {
  return { success: true, code: '0', message, ...(data === undefined ? {} : { data }) };
}

export function refused(code: string, message: string): NcAnswer {
  return { success: false, code, message };
}

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** arg0 as a JSON object, or the answer refusing it. */
export function parseJsonArg(arg0: unknown): Record<string, unknown> | NcAnswer {
  if (typeof arg0 !== 'string' || !arg0.trim()) return refused('400', 'arg0 不能为空');
  try {
    const parsed = record(JSON.parse(arg0));
    return parsed ?? refused('400', 'arg0 必须是 JSON 对象');
  } catch (e) {
    return refused('400', `arg0 不是合法的 JSON: ${(e as Error).message}`);
  }
}

export function isAnswer(v: unknown): v is NcAnswer {
  const a = v as Partial<NcAnswer> | undefined;
  return !!a && typeof a.success === 'boolean' && typeof a.code === 'string';
}

/**
 * Checks a write's payload (the hub's `{{json}}`, NC.md "Payload"): it must name the candidate somehow (NC id,
 * phone or interview id) and carry what the operation writes. Undefined when it is acceptable.
 */
export function checkWrite(operation: NcWriteOperation, data: Record<string, unknown>): NcAnswer | undefined {
  const candidate = record(data.candidate);
  const interview = record(data.interview);
  if (!text(candidate?.externalId) && !text(candidate?.phone) && !text(interview?.externalId)) {
    return refused('400', '缺少候选人标识 (candidate.externalId / candidate.phone / interview.externalId)');
  }
  if (operation === 'syncInterviewCancel' && !text(data.status)) return refused('400', 'status 不能为空');
  if (operation === 'archiveInterview' && !text(data.note)) return refused('400', 'note 不能为空');
  if (operation === 'tagCandidate') {
    const tags = Array.isArray(data.tags) ? data.tags.filter((t) => text(t)) : text(data.tags) ? [data.tags] : [];
    if (!tags.length) return refused('400', 'tags 不能为空');
  }
  return undefined;
}

/** The query's arguments: rows changed since `since` (inclusive), optionally of some candidates, one page. */
export interface NcQuery {
  since?: string;
  pageNo: number;
  pageSize: number;
  candidateIds?: string[];
}

export function readQuery(data: Record<string, unknown>): NcQuery | NcAnswer {
  const pageNo = data.pageNo === undefined ? 1 : Number(data.pageNo);
  const pageSize = data.pageSize === undefined ? 100 : Number(data.pageSize);
  if (!Number.isInteger(pageNo) || pageNo < 1) return refused('400', 'pageNo 必须是正整数');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return refused('400', 'pageSize 必须在 1..500 之间');
  const ids = data.candidateIds;
  if (ids !== undefined && ids !== null && !Array.isArray(ids)) return refused('400', 'candidateIds 必须是数组');
  const candidateIds = Array.isArray(ids) ? ids.map(text).filter((x): x is string => !!x) : undefined;
  return { since: text(data.since), pageNo, pageSize, ...(candidateIds?.length ? { candidateIds } : {}) };
}

/** One page of rows with `ts >= since`, in (ts, pk_interview) order, with the total across pages. */
export function queryRows(rows: NcCancelledInterview[], q: NcQuery): { total: number; pageNo: number; pageSize: number; list: NcCancelledInterview[] } {
  const matching = rows
    .filter((r) => (!q.since || r.ts >= q.since) && (!q.candidateIds || q.candidateIds.includes(r.pk_candidate)))
    .sort((a, b) => (a.ts === b.ts ? a.pk_interview.localeCompare(b.pk_interview) : a.ts.localeCompare(b.ts)));
  const start = (q.pageNo - 1) * q.pageSize;
  return { total: matching.length, pageNo: q.pageNo, pageSize: q.pageSize, list: matching.slice(start, start + q.pageSize) };
}
