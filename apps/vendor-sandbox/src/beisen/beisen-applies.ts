import type { BeisenCall } from './beisen-call';
import { idList, MAX_IDS } from './beisen-call';
import { accepted, refused, type BeisenResult } from './beisen-envelope';
import { localTime, parseLocalTime } from './beisen-time';
import type { BeisenApply } from './beisen.types';

interface BatchCursor {
  offset: number;
  startTime: string;
  endTime: string;
  issuedAt: number;
}

/** `Apply/GetApplyListByModifiedTime`: startTime ≤ modifiedTime ≤ endTime, by modifiedTime then applyId, in batches. */
export function getApplyListByModifiedTime({ tenant, body, settings }: BeisenCall): BeisenResult {
  const startMs = parseLocalTime(body.startTime);
  const endMs = parseLocalTime(body.endTime);
  if (startMs === undefined || endMs === undefined) return refused(400, 'startTime/endTime 格式应为 yyyy-MM-dd HH:mm:ss');
  const startTime = localTime(startMs);
  const endTime = localTime(endMs);
  let offset = 0;
  if (body.batchId !== undefined && body.batchId !== null && body.batchId !== '') {
    const cursor = decodeCursor(body.batchId);
    const expired = cursor && settings.batchIdTtlMs > 0 && Date.now() - cursor.issuedAt > settings.batchIdTtlMs;
    if (!cursor || expired || cursor.startTime !== startTime || cursor.endTime !== endTime) return refused(400, 'batchId 无效或已过期');
    offset = cursor.offset;
  }
  const matching = tenant.applies
    .filter((a) => a.modifiedTime >= startTime && a.modifiedTime <= endTime)
    .sort((a, b) => compare(a.modifiedTime, b.modifiedTime) || compare(a.applyId, b.applyId));
  const items = matching.slice(offset, offset + settings.batchSize).map(({ applyId, applicantId, jobId }) => ({ applyId, applicantId, jobId }));
  const next = offset + items.length;
  const isLastBatch = next >= matching.length;
  const nextBatchId = isLastBatch ? '' : encodeCursor({ offset: next, startTime, endTime, issuedAt: Date.now() });
  return accepted({ nextBatchId, isLastBatch, items });
}

/** `Apply/GetApplyListByApplyId`: ≤ 100 ids, unknown ids left out; nested (`*Lite`) or flat rows. */
export function getApplyListByApplyId({ tenant, body, settings }: BeisenCall): BeisenResult {
  const ids = idList(body.applyIds);
  if (!ids) return refused(400, 'applyIds 必须是字符串数组');
  if (ids.length > MAX_IDS) return refused(400, `applyIds 最多 ${MAX_IDS} 个`);
  const rows = ids.flatMap((id) => {
    const apply = tenant.applies.find((a) => a.applyId === id);
    if (!apply) return [];
    const applicant = tenant.applicants.find((p) => p.applicantId === apply.applicantId);
    const applicantLite = { applicantId: apply.applicantId, candidateId: applicant?.candidateId ?? null, name: applicant?.name ?? null, mobile: applicant?.mobile ?? null, email: applicant?.email ?? null };
    const jobLite = { jobId: apply.jobId, jobName: apply.jobName };
    const { applyId, processId, processPhaseId, processStatusId, modifiedTime } = apply;
    const base = { applyId, processId, processPhaseId, processStatusId, modifiedTime };
    return [settings.applyForm === 'flat' ? { ...base, ...applicantLite, ...jobLite } : { ...base, applicantLite, jobLite }];
  });
  return accepted(rows);
}

const LISTS = ['successApplyIds', 'notExistApplyIds', 'crossProcessApplyIds', 'applyLockedApplyIds', 'applicantBlackApplyIds', 'applyStatusChangedApplyIds'] as const;

/** `Apply/TransferPhase`: every applyId lands in exactly one list; only the successful ones move. */
export function transferPhase({ tenant, body }: BeisenCall): BeisenResult {
  const ids = idList(body.applyIds);
  if (!ids || ids.length === 0) return refused(400, 'applyIds 不能为空');
  if (ids.length > MAX_IDS) return refused(400, `applyIds 最多 ${MAX_IDS} 个`);
  if (typeof body.phaseId !== 'string' || typeof body.statusId !== 'string') return refused(400, 'phaseId 和 statusId 必填');
  const lists: Record<(typeof LISTS)[number], string[]> = Object.fromEntries(LISTS.map((l) => [l, []])) as never;
  for (const applyId of ids) {
    const apply = tenant.applies.find((a) => a.applyId === applyId);
    if (!apply) {
      lists.notExistApplyIds.push(applyId);
      continue;
    }
    const armed = tenant.transferErrors.find((e) => e.applyId === applyId && e.times > 0);
    if (armed) {
      armed.times -= 1;
      lists[armed.list].push(applyId);
    } else if (!fitsProcess(tenant.processes, apply, body)) {
      lists.crossProcessApplyIds.push(applyId);
    } else {
      const at = localTime();
      Object.assign(apply, { processPhaseId: body.phaseId, processStatusId: body.statusId, modifiedTime: at });
      tenant.transfers.push({ applyId, phaseId: body.phaseId, statusId: body.statusId, at });
      lists.successApplyIds.push(applyId);
    }
  }
  return accepted(lists);
}

/** The target phase and status exist in the apply's own process (a move cannot cross processes). */
function fitsProcess(processes: BeisenCall['tenant']['processes'], apply: BeisenApply, body: Record<string, unknown>): boolean {
  if (body.processId !== undefined && body.processId !== null && body.processId !== '' && body.processId !== apply.processId) return false;
  const phase = processes.find((p) => p.processId === apply.processId)?.phases.find((p) => p.phaseId === body.phaseId);
  return !!phase?.statuses.some((s) => s.statusId === body.statusId);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeCursor(cursor: BatchCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64');
}

function decodeCursor(batchId: unknown): BatchCursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(String(batchId), 'base64').toString('utf8')) as BatchCursor;
    return Number.isInteger(c.offset) && c.offset >= 0 && typeof c.startTime === 'string' ? c : undefined;
  } catch {
    return undefined;
  }
}
