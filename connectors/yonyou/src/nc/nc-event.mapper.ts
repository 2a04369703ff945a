import { ConnectorError, type ParsedVendorEvent, type VendorCancellation, type VendorEvent } from '@hub/connector-sdk';
import { readPath, record, text, toOffsetIso, vendorTimeToIso } from '../shared';
import type { NcSettings } from './nc-settings';
import { NC_CANCELLED_KIND } from './nc.types';

/** The settings the mapper reads; everything else stays out of this pure function. */
export type NcMapperSettings = Pick<NcSettings, 'timezone'> & { poll: Pick<NcSettings['poll'], 'fields'> };

/**
 * Interviewers as NC interfaces return them: a list of objects (`{code|id|pk_psndoc, name}`), a list of names, or
 * names in one text separated by commas or semicolons.
 */
export function readInterviewers(v: unknown): { externalId?: string; name?: string }[] {
  if (typeof v === 'string') {
    return v
      .split(/[,，;；]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((name) => ({ name }));
  }
  if (!Array.isArray(v)) return [];
  return v
    .map((item) => {
      const r = record(item);
      if (!r) return text(item) ? { name: text(item) } : undefined;
      const externalId = text(r.code) ?? text(r.id) ?? text(r.pk_psndoc);
      const name = text(r.name);
      return externalId || name ? { ...(externalId ? { externalId } : {}), ...(name ? { name } : {}) } : undefined;
    })
    .filter((p): p is { externalId?: string; name?: string } => !!p);
}

/** The row's top-level scalar values as text, for the tenant's mapping to refer to by name. */
function flatFields(row: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    const t = typeof v === 'boolean' ? String(v) : text(v);
    if (t !== undefined) out[k] = t;
  }
  return out;
}

function defined<T extends Record<string, string | undefined>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function payloadOf(event: VendorEvent): { row: Record<string, unknown>; detectedAt?: string } {
  let value: unknown;
  try {
    value = JSON.parse(event.payload);
  } catch {
    throw new ConnectorError('INVALID', `event ${event.externalEventId}: payload is not JSON`);
  }
  const row = record(record(value)?.row);
  if (!row) throw new ConnectorError('INVALID', `event ${event.externalEventId}: payload has no row object`);
  return { row, detectedAt: text(record(value)?.detectedAt) };
}

function cancellation(event: VendorEvent, settings: NcMapperSettings): VendorCancellation {
  const { row, detectedAt } = payloadOf(event);
  const f = settings.poll.fields;
  const tz = settings.timezone;
  const get = (path: string) => readPath(row, path);
  const interviewId = text(get(f.interviewId));
  const candidateId = text(get(f.candidateId));
  if (!interviewId || !candidateId) {
    throw new ConnectorError('INVALID', `event ${event.externalEventId}: the row has no ${interviewId ? '' : `interview id (${f.interviewId}) `}${candidateId ? '' : `candidate id (${f.candidateId})`}; map them in settings poll.fields`.trim());
  }
  const detected = detectedAt ? Date.parse(detectedAt) : NaN;
  const occurredAt = vendorTimeToIso(get(f.cancelledAt), tz) ?? (Number.isNaN(detected) ? undefined : toOffsetIso(detected, tz));
  if (!occurredAt) throw new ConnectorError('INVALID', `event ${event.externalEventId}: neither the row's ${f.cancelledAt} nor detectedAt is a time`);

  const positionId = text(get(f.positionId));
  const positionTitle = text(get(f.positionTitle));
  const round = Number(get(f.round));
  const initiatorId = text(get(f.initiatorId));
  const initiatorName = text(get(f.initiatorName));
  const scheduledStart = vendorTimeToIso(get(f.scheduledStart), tz);
  const scheduledEnd = vendorTimeToIso(get(f.scheduledEnd), tz);
  const result: VendorCancellation = {
    kind: 'cancellation',
    occurredAt,
    interview: {
      externalId: interviewId,
      interviewers: readInterviewers(get(f.interviewers)),
      ...(scheduledStart ? { scheduledStart } : {}),
      ...(scheduledEnd ? { scheduledEnd } : {}),
      ...(Number.isInteger(round) && round > 0 ? { round } : {}),
      ...(positionId || positionTitle ? { position: { ...(positionId ? { id: positionId } : {}), ...(positionTitle ? { title: positionTitle } : {}) } } : {}),
    },
    candidate: { externalId: candidateId, ...defined({ name: text(get(f.candidateName)), phone: text(get(f.phone)), email: text(get(f.email)) }) },
    reasonValue: text(get(f.reason)) ?? '',
    fields: flatFields(row),
  };
  const reasonText = text(get(f.reasonText));
  if (reasonText) result.reasonText = reasonText;
  if (initiatorId || initiatorName) result.initiatedBy = { ...(initiatorId ? { id: initiatorId } : {}), ...(initiatorName ? { name: initiatorName } : {}) };
  return result;
}

/**
 * Turns a stored NC event into vendor-neutral meaning. Pure: no I/O, no clock. A cancelled-interview row from the
 * poll → a VendorCancellation (times read in the server's `timezone`); anything else → ignored.
 */
export function parseNcEvent(event: VendorEvent, settings: NcMapperSettings): ParsedVendorEvent[] {
  if (event.kind !== NC_CANCELLED_KIND) return [{ kind: 'ignored', why: `event type "${event.kind}" is not one the yonyou-nc poll stores` }];
  return [cancellation(event, settings)];
}
