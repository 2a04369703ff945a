import { ConnectorError, type Connection, type VendorEvent } from '@hub/connector-sdk';
import type { BipCandidatesApi } from './bip-candidates.api';
import { cancelledEventId, cancelledState, fieldText, modifiedAt } from './bip-candidate-fields';
import type { BipSettings } from './bip-settings';
import { CANDIDATE_CANCELLED_KIND, type BipApprovalTrail, type BipCancelledPayload } from './bip.types';

/** What reading one candidate found: nothing (unknown to YonBIP), a candidate not cancelled, or a cancellation event. */
export type CandidateReading = { found: false } | { found: true; event?: VendorEvent };

/** Refusals that a later poll would get again: the trail is then left out rather than blocking the cancellation. */
const TRAIL_REFUSALS = new Set(['PERMANENT', 'NOT_FOUND', 'INVALID']);

async function trailOf(api: BipCandidatesApi, conn: Connection, cancelApplyId: string): Promise<{ approval?: BipApprovalTrail; approvalUnavailable?: string }> {
  try {
    const approval = await api.approvalTrail(conn, cancelApplyId);
    return approval ? { approval } : { approvalUnavailable: 'the approval API answered no trail' };
  } catch (e) {
    if (e instanceof ConnectorError && TRAIL_REFUSALS.has(e.kind)) return { approvalUnavailable: e.message };
    throw e;
  }
}

/**
 * Reads one candidate's detail; when it is in a cancelled state, builds the inbox event, with the approval trail of
 * its 面试取消申请 when the detail names one (`fields.cancelApplyId`) and setting `approval.enabled` allows.
 * `listedAt` (the list row's time) stands in when the detail carries no modified time.
 */
export async function readCandidate(api: BipCandidatesApi, conn: Connection, id: string, settings: BipSettings, now: Date, listedAt?: string): Promise<CandidateReading> {
  const candidate = await api.detail(conn, id);
  if (!candidate) return { found: false };
  const state = cancelledState(candidate, settings);
  if (!state) return { found: true };
  const modified = modifiedAt(candidate, settings) ?? listedAt;
  const cancelApplyId = fieldText(candidate, settings.fields.cancelApplyId);
  const trail = settings.approval.enabled && cancelApplyId ? await trailOf(api, conn, cancelApplyId) : {};
  const payload: BipCancelledPayload = { candidate, state, ...(modified ? { modifiedAt: modified } : {}), ...trail, detectedAt: now.toISOString() };
  return { found: true, event: { externalEventId: cancelledEventId(candidate.id, state, cancelApplyId, modified), kind: CANDIDATE_CANCELLED_KIND, mode: 'poll', payload: JSON.stringify(payload) } };
}
