import { batchDone, batchFailed, ConnectorError, record, type BatchOutcome, type Connection, type Effect } from '@hub/connector-sdk';
import type { BeisenApiClient } from './beisen-api.client';
import { isDuplicateBlock, settledAll } from './beisen-outcomes';
import type { BeisenProcessCheck } from './beisen-process-check';
import { readApply, readInterview, type BeisenInterview } from './beisen-records';
import type { BeisenPhaseTarget, BeisenSettings } from './beisen-settings';
import { toBeisenDate } from './beisen-time';

/** How each of TransferPhase's per-apply failure lists is taken (README "TransferPhase"); any other `*ApplyIds` list: INVALID. */
const LIST_KINDS: Record<string, ConnectorError['kind']> = {
  notExistApplyIds: 'NOT_FOUND',
  applyLockedApplyIds: 'TEMPORARY',
  crossProcessApplyIds: 'PERMANENT',
  applicantBlackApplyIds: 'PERMANENT',
};

interface Row {
  index: number;
  applyId: string;
  target: BeisenPhaseTarget;
}

/**
 * candidateStatus by Apply/TransferPhase (README "Effects"): each effect's apply is found through its interview (the
 * day's interviews, GetInterviewsByDate: one call per distinct day of the batch), then the applies going to one
 * phase/status move together, ≤ `transferMaxApplies` per call. Every applyId comes back in one list: `successApplyIds`
 * is applied, the others fail their own effect (e.g. `applyLockedApplyIds`: TEMPORARY, retried alone).
 */
export class BeisenTransfer {
  constructor(
    private readonly api: BeisenApiClient,
    private readonly processes: BeisenProcessCheck,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  async apply(effects: Effect[], conn: Connection, s: BeisenSettings): Promise<BatchOutcome[]> {
    const process = await this.processes.process(conn, s);
    const outcomes: (BatchOutcome | undefined)[] = new Array(effects.length);
    const applyOf = await this.applyIds(effects, conn, s);
    const rows: Row[] = [];
    effects.forEach((e, index) => {
      const target = s.statuses[e.params.status ?? ''];
      const applyId = applyOf[index];
      if (!target) outcomes[index] = batchFailed(new ConnectorError('PERMANENT', `candidateStatus ${e.params.status ?? '(none)'}: settings.statuses of connection ${conn.id} names no phase/status for it`));
      else if (!applyId) outcomes[index] = batchFailed(new ConnectorError('NOT_FOUND', `candidateStatus: no Beisen apply found for interview ${e.event.interview.externalIds?.[conn.id] ?? e.event.interview.key} (candidate ${e.event.candidate.externalIds?.[conn.id] ?? '?'})`));
      else rows.push({ index, applyId, target });
    });
    const groups = new Map<string, Row[]>();
    for (const row of rows) groups.set(`${row.target.phaseId}/${row.target.statusId}`, [...(groups.get(`${row.target.phaseId}/${row.target.statusId}`) ?? []), row]);
    for (const group of groups.values()) {
      const ids = [...new Set(group.map((r) => r.applyId))];
      for (let i = 0; i < ids.length; i += s.transferMaxApplies) {
        const chunk = ids.slice(i, i + s.transferMaxApplies);
        const byApply = await this.transfer(conn, s, process.processId, group[0].target, chunk);
        for (const row of group) if (byApply.has(row.applyId)) outcomes[row.index] = byApply.get(row.applyId);
      }
    }
    return settledAll(outcomes, 'TransferPhase');
  }

  /** The applyId of each effect's interview, or undefined. */
  private async applyIds(effects: Effect[], conn: Connection, s: BeisenSettings): Promise<(string | undefined)[]> {
    const days = new Map<string, BeisenInterview[]>();
    const dayOf = (e: Effect) => (e.event.interview.scheduledStart ? toBeisenDate(Date.parse(e.event.interview.scheduledStart), s.utcOffsetMinutes) : undefined);
    for (const day of new Set(effects.map(dayOf).filter((d): d is string => !!d))) {
      const data = await this.api.call(conn, 'Interview/GetInterviewsByDate', { date: day });
      days.set(day, (Array.isArray(data) ? data : []).map((v) => readInterview(v, s.utcOffsetMinutes)).filter((i): i is BeisenInterview => !!i));
    }
    return effects.map((e) => {
      const list = days.get(dayOf(e) ?? '') ?? [];
      const interviewId = e.event.interview.externalIds?.[conn.id];
      const applicantId = e.event.candidate.externalIds?.[conn.id];
      const start = e.event.interview.scheduledStart ? Date.parse(e.event.interview.scheduledStart) : NaN;
      const found = (interviewId && list.find((i) => i.interviewId === interviewId)) || list.find((i) => !!applicantId && i.applicantId === applicantId && i.start === start);
      return found ? found.applyId : undefined;
    });
  }

  /** One TransferPhase; a call Beisen blocked as a repeat is checked (applies already there are duplicates) and the rest sent once more after the block. */
  private async transfer(conn: Connection, s: BeisenSettings, processId: string, target: BeisenPhaseTarget, applyIds: string[], again = false): Promise<Map<string, BatchOutcome>> {
    const body = { applyIds, phaseId: target.phaseId, statusId: target.statusId, processId, ...(s.transferReasonId ? { reasonId: s.transferReasonId } : {}), isSkipApplyLock: false, isSkipApplicantLock: false };
    let data: Record<string, unknown>;
    try {
      data = record(await this.api.call(conn, 'Apply/TransferPhase', body)) ?? {};
    } catch (e) {
      if (again || !isDuplicateBlock(e, s.duplicateBlockPattern)) throw e;
      return this.afterBlock(conn, s, processId, target, applyIds);
    }
    const out = new Map<string, BatchOutcome>();
    for (const [list, value] of Object.entries(data)) {
      if (!list.endsWith('ApplyIds') || !Array.isArray(value)) continue;
      for (const id of value.map(String)) {
        if (list === 'successApplyIds') out.set(id, batchDone({ outcome: 'applied', externalRef: `TransferPhase:${id}` }));
        else out.set(id, batchFailed(new ConnectorError(LIST_KINDS[list] ?? 'INVALID', `TransferPhase of apply ${id} to ${target.phaseId}/${target.statusId}: Beisen listed it in ${list}`, { vendorCode: list, ambiguous: false })));
      }
    }
    return out;
  }

  private async afterBlock(conn: Connection, s: BeisenSettings, processId: string, target: BeisenPhaseTarget, applyIds: string[]): Promise<Map<string, BatchOutcome>> {
    const data = await this.api.call(conn, 'Apply/GetApplyListByApplyId', { applyIds });
    const there = new Set((Array.isArray(data) ? data : []).map(readApply).filter((a) => a && a.phaseId === target.phaseId && a.statusId === target.statusId).map((a) => a!.applyId));
    const out = new Map<string, BatchOutcome>();
    for (const id of there) out.set(id, batchDone({ outcome: 'duplicate', detail: `Beisen blocked an identical TransferPhase sent moments before; apply ${id} is already at ${target.phaseId}/${target.statusId}` }));
    const rest = applyIds.filter((id) => !there.has(id));
    if (rest.length) {
      // The same body is blocked until the window passes; a smaller one is a different request.
      if (rest.length === applyIds.length) await this.sleep(s.duplicateBlockSeconds * 1000);
      for (const [id, o] of await this.transfer(conn, s, processId, target, rest, true)) out.set(id, o);
    }
    return out;
  }
}

