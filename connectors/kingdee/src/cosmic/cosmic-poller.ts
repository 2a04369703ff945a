import type { Connection, PollRequest, PollResult, VendorEvent } from '@hub/connector-sdk';
import type { CosmicApiClient } from './cosmic-api.client';
import { resolveSettings, type CosmicSettings } from './cosmic-settings';
import { toWallClock } from './cosmic-time';

export const COSMIC_CANCELLED_KIND = 'kingdee-cosmic.interview.cancelled';

/** The hub-kept cursor: the latest modification time seen and the ids already taken at exactly that time. */
export interface CosmicCursor {
  since: string;
  ids: string[];
}

export function readCursor(text: string | undefined): CosmicCursor | undefined {
  if (!text) return undefined;
  try {
    const c = JSON.parse(text) as CosmicCursor;
    return typeof c.since === 'string' && Array.isArray(c.ids) ? c : undefined;
  } catch {
    return undefined;
  }
}

/** The payload of a polled cancellation: the form row as Cosmic answered it. */
export interface CosmicCancelledPayload {
  formId: string;
  row: Record<string, unknown>;
}

function toEvent(settings: CosmicSettings, row: Record<string, unknown>): VendorEvent {
  const f = settings.poll.fields;
  const payload: CosmicCancelledPayload = { formId: settings.poll.formId, row };
  return {
    // Same row, same status, same modification time → same id on every poll (the inbox dedups on it).
    externalEventId: `${settings.poll.formId}:${String(row[f.id])}:${String(row[f.status])}:${String(row[f.modifiedAt] ?? '')}`,
    kind: COSMIC_CANCELLED_KIND,
    mode: 'poll',
    payload: JSON.stringify(payload),
  };
}

/**
 * Polls the configured query form (COSMIC.md "Poll"): `changes`/`sweep` read every page of the rows in a cancelled
 * status modified at or after the cursor (`data.<modifiedAt><sinceSuffix>`), skipping ids already taken at the
 * cursor's exact time; `subjects` (and a sweep's subjects) read the named interview ids. Cosmic has no push, so this
 * is the only inbound path. Any error fails the poll and the hub keeps the old cursor.
 */
export async function pollCosmic(client: CosmicApiClient, conn: Connection, request: PollRequest): Promise<PollResult> {
  const settings = resolveSettings(conn);
  const { fields: f, cancelledStatuses, sinceSuffix } = settings.poll;
  const cursor = readCursor(request.cursor) ?? { since: toWallClock(request.now.getTime() - settings.poll.lookbackHours * 3_600_000, settings.timezone), ids: [] };
  const events = new Map<string, VendorEvent>();
  let next = cursor;
  if (request.scope !== 'subjects') {
    const rows = await client.queryAll(conn, settings.poll, { [f.status]: cancelledStatuses, [`${f.modifiedAt}${sinceSuffix}`]: cursor.since });
    for (const row of rows) {
      const id = String(row[f.id] ?? '');
      const time = String(row[f.modifiedAt] ?? '');
      if (!id || time < cursor.since || (time === cursor.since && cursor.ids.includes(id))) continue;
      const event = toEvent(settings, row);
      events.set(event.externalEventId, event);
      if (time > next.since) next = { since: time, ids: [id] };
      else if (time === next.since && !next.ids.includes(id)) next = { since: next.since, ids: [...next.ids, id] };
    }
  }
  const subjects = request.scope === 'changes' ? [] : request.subjects;
  const found = new Set<string>();
  if (subjects.length) {
    for (const row of await client.queryAll(conn, settings.poll, { [f.id]: subjects })) {
      found.add(String(row[f.id]));
      if (!cancelledStatuses.includes(String(row[f.status]))) continue;
      const event = toEvent(settings, row);
      events.set(event.externalEventId, event);
    }
  }
  const cancelledIds = new Set([...events.values()].map((e) => String((JSON.parse(e.payload) as CosmicCancelledPayload).row[f.id])));
  return {
    events: [...events.values()],
    cursor: request.scope === 'subjects' ? request.cursor : JSON.stringify(next),
    discovered: [],
    ...(request.scope === 'sweep' ? { untracked: subjects.filter((id) => !found.has(id) || cancelledIds.has(id)) } : {}),
  };
}
