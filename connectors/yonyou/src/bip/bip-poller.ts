import { mapConcurrently, type Connection, type PollRequest, type PollResult, type VendorEvent } from '@hub/connector-sdk';
import { toVendorTime } from '../shared';
import type { BipCandidatesApi } from './bip-candidates.api';
import { modifiedAt } from './bip-candidate-fields';
import { readCandidate, type CandidateReading } from './bip-candidate.reader';
import { advanceCursor, isNewSince, readCursor, type BipCursor } from './bip-poll.cursor';
import { resolveSettings, type BipSettings } from './bip-settings';

/** Candidates listed in a cancelled status whose list time is after the cursor, with that time. */
async function changedCandidates(api: BipCandidatesApi, conn: Connection, cursor: BipCursor, settings: BipSettings): Promise<{ id: string; time?: string }[]> {
  const changed = new Map<string, { id: string; time?: string }>();
  for (const status of settings.cancelledStates.candidateStatus) {
    for (const row of await api.listAll(conn, { status })) {
      const time = modifiedAt(row, settings);
      if (!changed.has(row.id) && isNewSince(row, time, cursor, settings.timezone)) changed.set(row.id, { id: row.id, ...(time ? { time } : {}) });
    }
  }
  return [...changed.values()];
}

/**
 * Polls YonBIP for cancelled candidates (BIP.md "Poll"). YonBIP pushes nothing about candidates, so the candidate
 * API is the source of truth:
 * - `subjects`: the detail of each named candidate;
 * - `changes`: every page of the candidate list for each status of `cancelledStates.candidateStatus`, keeping the
 *   rows whose time is after the cursor (the first poll looks `pollLookbackHours` back), then their detail;
 * - `sweep`: `changes` plus the detail of every tracked subject and `trackedCandidateIds` (billstate cancellations
 *   show only there: the list cannot filter by billstate).
 * A detail in a cancelled state (status or billstate) becomes one event. `discovered`: candidates read that exist
 * and are not cancelled (later sweeps watch them); `untracked` (sweep): tracked subjects YonBIP no longer knows or
 * whose cancellation was found. Any error fails the poll, so the hub keeps the old cursor and reads again.
 */
export async function pollBip(api: BipCandidatesApi, conn: Connection, request: PollRequest): Promise<PollResult> {
  const settings = resolveSettings(conn);
  const given = readCursor(request.cursor);
  const cursor: BipCursor = request.cursor ? given : { since: toVendorTime(request.now.getTime() - settings.pollLookbackHours * 3_600_000, settings.timezone), ids: [] };
  const changed = request.scope === 'subjects' ? [] : await changedCandidates(api, conn, cursor, settings);
  const listedAt = new Map(changed.map((c) => [c.id, c.time]));
  const tracked = request.scope === 'changes' ? [] : [...request.subjects, ...(request.scope === 'sweep' ? settings.trackedCandidateIds : [])];
  const ids = [...new Set([...changed.map((c) => c.id), ...tracked])];
  const readings = await mapConcurrently(ids, settings.pollConcurrency, (id) => readCandidate(api, conn, id, settings, request.now, listedAt.get(id)));
  const byId = new Map<string, CandidateReading>(ids.map((id, i) => [id, readings[i]]));

  const events: VendorEvent[] = readings.flatMap((r) => (r.found && r.event ? [r.event] : []));
  // The subjects of a sweep are tracked already; those of a `subjects` poll are only hinted, so they may be new.
  const known = new Set([...(request.scope === 'sweep' ? request.subjects : []), ...settings.trackedCandidateIds]);
  const watchable = (id: string) => {
    const r = byId.get(id);
    return !!r && r.found && !r.event;
  };
  const discovered = ids.filter((id) => !known.has(id) && watchable(id));
  const untracked = request.scope === 'sweep' ? request.subjects.filter((id) => !settings.trackedCandidateIds.includes(id) && !watchable(id)) : undefined;
  const next = request.scope === 'subjects' ? request.cursor : JSON.stringify(advanceCursor(cursor, changed, settings.timezone));
  return { events, ...(next !== undefined ? { cursor: next } : {}), discovered, ...(untracked ? { untracked } : {}) };
}
