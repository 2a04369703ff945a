import type { ApprovalParty, ApprovalStep } from '@hub/schema';
import type { VendorCancellation } from '@hub/connector-sdk';
import { record, text, vendorTimeToIso } from '../shared';
import type { BipApprovalTrail } from './bip.types';

/** The trail's actions (BIP.md §6) as the canonical decisions; the canonical words are accepted too. */
const DECISIONS: Record<string, ApprovalStep['decision']> = {
  agree: 'approved',
  approved: 'approved',
  approve: 'approved',
  reject: 'rejected',
  rejected: 'rejected',
  return: 'returned',
  returned: 'returned',
};

/** A person of the trail (`{id, name}`, or a bare id), when it names one. */
export function party(v: unknown): ApprovalParty | undefined {
  const r = record(v);
  const id = r ? text(r.id) ?? text(r.userId) : text(v);
  const name = text(r?.name);
  return id || name ? { ...(id ? { id } : {}), ...(name ? { name } : {}) } : undefined;
}

function step(v: unknown, index: number, offset: string): ApprovalStep | undefined {
  const r = record(v);
  const decision = DECISIONS[(text(r?.action) ?? text(r?.decision) ?? '').toLowerCase()];
  const at = vendorTimeToIso(r?.time ?? r?.at, offset);
  // A step without a decision or a time says nothing the canonical trail can hold.
  if (!r || !decision || !at) return undefined;
  const level = Number(r.level);
  const approver = party(r.approver);
  const comment = text(r.comment);
  return { level: Number.isInteger(level) && level > 0 ? level : index + 1, ...(approver ? { approver } : {}), decision, at, ...(comment ? { comment } : {}) };
}

/**
 * A 面试取消申请 trail (`{id, requester, requestTime, steps[{level, approver, action, time, comment}]}`) as the
 * vendor-neutral approval: request id, who asked and when, and every decision in order. Times in the tenant's offset.
 */
export function mapApproval(trail: BipApprovalTrail, offset: string): NonNullable<VendorCancellation['approval']> {
  const steps = (Array.isArray(trail.steps) ? trail.steps : []).map((s, i) => step(s, i, offset)).filter((s): s is ApprovalStep => !!s);
  const requestId = text(trail.id);
  const requestedBy = party(trail.requester);
  const requestedAt = vendorTimeToIso(trail.requestTime, offset);
  return { ...(requestId ? { requestId } : {}), ...(requestedBy ? { requestedBy } : {}), ...(requestedAt ? { requestedAt } : {}), steps };
}
