import { ConnectorError, nationalPhone, type VendorCancellation, type VendorEvent } from '@hub/connector-sdk';
import { readPath, record, text, vendorTimeToIso } from '../shared';
import { mapApproval, party } from './bip-approval.mapper';
import { fieldText } from './bip-candidate-fields';
import type { BipSettings } from './bip-settings';
import type { BipCancelledState } from './bip.types';

/** The settings the mapper reads; everything else stays out of this pure function. */
export type MapperSettings = Pick<BipSettings, 'timezone' | 'fields' | 'stateReasons' | 'hintEventTypes' | 'eventCenter'>;

export function parseJson(event: VendorEvent): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(event.payload);
  } catch {
    throw new ConnectorError('INVALID', `event ${event.externalEventId}: payload is not JSON`);
  }
  const obj = record(value);
  if (!obj) throw new ConnectorError('INVALID', `event ${event.externalEventId}: payload is not a JSON object`);
  return obj;
}

function stateOf(v: unknown): BipCancelledState | undefined {
  const r = record(v);
  const value = text(r?.value);
  return value && (r?.kind === 'status' || r?.kind === 'billstate') ? { kind: r.kind, value } : undefined;
}

/** Interviewers as the tenant's field holds them: `[{id, name}]`, `["id"]` or "id1,id2". */
function interviewers(v: unknown): VendorCancellation['interview']['interviewers'] {
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,，;；]/) : [];
  return list.flatMap((i) => {
    const p = party(i);
    return p ? [{ ...(p.id ? { externalId: p.id } : {}), ...(p.name ? { name: p.name } : {}) }] : [];
  });
}

/**
 * The id a cancelled candidate's interview goes by: the tenant's interview id field, else `<candidateId>:<cancelApplyId>`
 * (one per request), else `<candidateId>:<kind>:<value>`. The status write names it in its receipt the same way, so the
 * hub links it and the poll's later sight of the status the hub wrote is known as the same interview (no echo).
 */
export function interviewExternalId(candidate: Record<string, unknown>, f: BipSettings['fields'], state: BipCancelledState, cancelApplyId?: string): string {
  const id = text(candidate.id) ?? '';
  return fieldText(candidate, f.interviewId) ?? `${id}:${cancelApplyId ?? `${state.kind}:${state.value}`}`;
}

/**
 * A `yonyou.candidate.cancelled` payload as a VendorCancellation (BIP.md "Parse"). Pure: no I/O, no clock.
 * Reason: the 面试取消申请's, else the candidate's reason field, else `stateReasons["<kind>:<value>"]`, else empty.
 * Interview id: the tenant's interview id field, else `<candidateId>:<cancelApplyId>` (one per request), else
 * `<candidateId>:<kind>:<value>`. It happened when the last approver agreed, else when YonBIP last modified the
 * candidate, else when the hub first saw it.
 */
export function mapCancellation(event: VendorEvent, settings: MapperSettings): VendorCancellation {
  const payload = parseJson(event);
  const candidate = record(payload.candidate);
  const id = text(candidate?.id);
  const state = stateOf(payload.state);
  const detectedAt = vendorTimeToIso(payload.detectedAt, settings.timezone);
  if (!candidate || !id || !state || !detectedAt) {
    throw new ConnectorError('INVALID', `event ${event.externalEventId}: a cancellation payload needs candidate.id, state {kind, value} and detectedAt`);
  }
  const f = settings.fields;
  const tz = settings.timezone;
  const trail = record(payload.approval);
  const approval = trail ? mapApproval(trail, tz) : undefined;
  const statedReason = text(trail?.reason) ?? fieldText(candidate, f.reason);
  const cancelApplyId = fieldText(candidate, f.cancelApplyId) ?? text(trail?.id);
  const lastStep = approval?.steps[approval.steps.length - 1];
  const requester = party(trail?.requester);
  const positionId = fieldText(candidate, f.positionId);
  const positionTitle = fieldText(candidate, f.positionTitle);
  const scheduledStart = vendorTimeToIso(readPath(candidate, f.scheduledStart), tz);
  const scheduledEnd = vendorTimeToIso(readPath(candidate, f.scheduledEnd), tz);
  const name = fieldText(candidate, f.name);
  const phone = nationalPhone(fieldText(candidate, f.mobile));
  const email = fieldText(candidate, f.email);
  const fields: Record<string, string> = { stateKind: state.kind, stateValue: state.value };
  for (const [key, value] of Object.entries({ status: fieldText(candidate, f.status), billstate: fieldText(candidate, f.billstate), cancelApplyId, approvalStatus: text(trail?.status), applyId: text(candidate.applyId), code: text(candidate.code) })) {
    if (value) fields[key] = value;
  }
  return {
    kind: 'cancellation',
    occurredAt: (lastStep?.decision === 'approved' ? lastStep.at : undefined) ?? vendorTimeToIso(payload.modifiedAt, tz) ?? detectedAt,
    interview: {
      externalId: interviewExternalId(candidate, f, state, cancelApplyId),
      ...(scheduledStart ? { scheduledStart } : {}),
      ...(scheduledEnd ? { scheduledEnd } : {}),
      ...(positionId || positionTitle ? { position: { ...(positionId ? { id: positionId } : {}), ...(positionTitle ? { title: positionTitle } : {}) } } : {}),
      interviewers: interviewers(readPath(candidate, f.interviewers)),
    },
    candidate: { externalId: id, ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
    reasonValue: statedReason ?? settings.stateReasons[`${state.kind}:${state.value}`] ?? '',
    ...(statedReason ? { reasonText: statedReason } : {}),
    ...(requester ? { initiatedBy: requester } : {}),
    ...(approval ? { approval } : {}),
    fields,
  };
}
