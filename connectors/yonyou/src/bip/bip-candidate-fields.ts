import { readPath, text } from '../shared';
import type { BipSettings } from './bip-settings';
import type { BipCancelledState } from './bip.types';

/** The candidate's value at a configured field path, as text. */
export function fieldText(candidate: Record<string, unknown>, path: string): string | undefined {
  return text(readPath(candidate, path));
}

/** The candidate's last-modified time as YonBIP wrote it: the first of the `fields.modifiedAt` paths that is set. */
export function modifiedAt(candidate: Record<string, unknown>, settings: Pick<BipSettings, 'fields'>): string | undefined {
  for (const path of settings.fields.modifiedAt) {
    const value = fieldText(candidate, path);
    if (value) return value;
  }
  return undefined;
}

/**
 * Which cancelled state the candidate is in, if any: its candidate `status` in `cancelledStates.candidateStatus`,
 * else its hiring-form `billstate` in `cancelledStates.billstate`.
 */
export function cancelledState(candidate: Record<string, unknown>, settings: Pick<BipSettings, 'fields' | 'cancelledStates'>): BipCancelledState | undefined {
  const status = fieldText(candidate, settings.fields.status);
  if (status && settings.cancelledStates.candidateStatus.includes(status)) return { kind: 'status', value: status };
  const billstate = fieldText(candidate, settings.fields.billstate);
  if (billstate && settings.cancelledStates.billstate.includes(billstate)) return { kind: 'billstate', value: billstate };
  return undefined;
}

/**
 * The inbox key of a poll-detected cancellation: `candidate:<id>:<status|billstate>:<value>:<cancelApplyId>` when a
 * 面试取消申请 caused it, else `…:<modifiedAt>`. The same cancellation has the same key on every poll. The request id
 * is preferred because YonBIP moves the modified time on every later write to the candidate (a remark, another
 * system's status write), which would otherwise turn one cancellation into several.
 */
export function cancelledEventId(candidateId: string, state: BipCancelledState, cancelApplyId: string | undefined, modified: string | undefined): string {
  return `candidate:${candidateId}:${state.kind}:${state.value}:${cancelApplyId ?? modified ?? ''}`;
}
