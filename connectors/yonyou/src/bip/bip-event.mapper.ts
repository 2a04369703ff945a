import type { ParsedVendorEvent, VendorEvent } from '@hub/connector-sdk';
import { readPath, text } from '../shared';
import { mapCancellation, parseJson, type MapperSettings } from './bip-cancellation.mapper';
import { CANDIDATE_CANCELLED_KIND, EVENT_CENTER_KIND_PREFIX, PUSH_KIND_PREFIX } from './bip.types';

/**
 * The candidate an event-center delivery is about: `userObject` at one of `eventCenter.candidateIdPaths` (it may be
 * JSON text or an object), or `userObject` itself when it is a bare id (the 单据id of the subscription demo [Y5]).
 */
function eventCenterCandidate(event: VendorEvent, settings: MapperSettings): string | undefined {
  const userObject = parseJson(event).userObject;
  for (const path of settings.eventCenter.candidateIdPaths) {
    const id = text(readPath({ userObject }, `userObject.${path}`));
    if (id) return id;
  }
  const bare = text(userObject);
  return bare && !/^[[{]/.test(bare) ? bare : undefined;
}

/**
 * Turns a stored YonBIP event into vendor-neutral meaning. Pure: no I/O, no clock.
 * - `yonyou.candidate.cancelled` (from the poll) → a VendorCancellation;
 * - event-center deliveries of `eventCenter.candidateEventTypes` → a PollHint naming the candidate (or "poll what
 *   changed" when none is named); their content is never trusted for the cancellation itself;
 * - open-platform pushes of `hintEventTypes` → a PollHint "poll what changed" (they carry staff ids only [Y1]);
 * - anything else → ignored, with the reason.
 */
export function parseBipEvent(event: VendorEvent, settings: MapperSettings): ParsedVendorEvent[] {
  if (event.kind === CANDIDATE_CANCELLED_KIND) return [mapCancellation(event, settings)];
  if (event.kind.startsWith(EVENT_CENTER_KIND_PREFIX)) {
    const type = event.kind.slice(EVENT_CENTER_KIND_PREFIX.length);
    if (!settings.eventCenter.candidateEventTypes.includes(type)) return [{ kind: 'ignored', why: `event-center type "${type}" is not in eventCenter.candidateEventTypes` }];
    const candidate = eventCenterCandidate(event, settings);
    return [{ kind: 'pollHint', subjects: candidate ? [candidate] : [] }];
  }
  if (event.kind.startsWith(PUSH_KIND_PREFIX)) {
    const type = event.kind.slice(PUSH_KIND_PREFIX.length);
    if (settings.hintEventTypes.includes(type)) return [{ kind: 'pollHint', subjects: [] }];
    return [{ kind: 'ignored', why: `open-platform push type "${type}" is not in hintEventTypes` }];
  }
  return [{ kind: 'ignored', why: `event kind "${event.kind}" is not one this connector reads` }];
}
