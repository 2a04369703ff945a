import { ConnectorError, nationalPhone, text, type ParsedVendorEvent, type VendorEvent } from '@hub/connector-sdk';
import { COSMIC_CANCELLED_KIND, type CosmicCancelledPayload } from './cosmic-poller';
import type { CosmicSettings } from './cosmic-settings';
import { wallClockToIso } from './cosmic-time';

/**
 * A polled row as a VendorCancellation (COSMIC.md "Parse"). Pure: no I/O, no clock. The row's fields are read by
 * the names in `settings.poll.fields`; `batchId` comes from the batch field; times are the tenant's wall clock.
 */
export function parseCosmicEvent(event: VendorEvent, settings: Pick<CosmicSettings, 'poll' | 'timezone'>): ParsedVendorEvent[] {
  let payload: unknown;
  try {
    payload = JSON.parse(event.payload);
  } catch {
    throw new ConnectorError('INVALID', `event ${event.externalEventId}: payload is not JSON`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new ConnectorError('INVALID', `event ${event.externalEventId}: payload is not a JSON object`);
  if (event.kind !== COSMIC_CANCELLED_KIND) return [{ kind: 'ignored', why: `event kind ${event.kind} is not ${COSMIC_CANCELLED_KIND}` }];
  const row = (payload as Partial<CosmicCancelledPayload>).row;
  const f = settings.poll.fields;
  const tz = settings.timezone;
  const id = text(row?.[f.id]);
  const candidateId = text(row?.[f.candidateId]);
  const occurredAt = wallClockToIso(row?.[f.modifiedAt], tz);
  if (!row || !id || !candidateId || !occurredAt) throw new ConnectorError('INVALID', `event ${event.externalEventId}: the row needs ${f.id}, ${f.candidateId} and ${f.modifiedAt}`);
  const status = text(row[f.status]) ?? '';
  const name = text(row[f.candidateName]);
  const phone = nationalPhone(row[f.phone]);
  const email = text(row[f.email]);
  const reason = text(row[f.reason]);
  const batchId = text(row[f.batchId]);
  const start = wallClockToIso(row[f.scheduledStart], tz);
  const title = text(row[f.positionTitle]);
  const fields: Record<string, string> = { status };
  for (const [key, value] of Object.entries(row)) if (typeof value === 'string' || typeof value === 'number') fields[key] ??= String(value);
  return [
    {
      kind: 'cancellation',
      occurredAt,
      interview: { externalId: id, ...(start ? { scheduledStart: start } : {}), ...(title ? { position: { title } } : {}), interviewers: [] },
      candidate: { externalId: candidateId, ...(name ? { name } : {}), ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
      reasonValue: reason ?? '',
      ...(reason ? { reasonText: reason } : {}),
      ...(batchId ? { batchId } : {}),
      fields,
    },
  ];
}
