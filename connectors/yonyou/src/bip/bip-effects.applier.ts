import { ConnectorError, type Connection, type Effect, type Receipt } from '@hub/connector-sdk';
import type { BipCandidatesApi } from './bip-candidates.api';
import { record } from '../shared';
import { fieldText } from './bip-candidate-fields';
import { interviewExternalId } from './bip-cancellation.mapper';
import { appended, archiveNote, missingTags, TAG_SEPARATOR } from './bip-effect.notes';
import { resubmitCheckKey } from './bip-resubmit-key';
import { resolveSettings, type WriteTarget } from './bip-settings';

/** Effects YonBIP has no documented API for (or this connector does not apply), with the reason shown to operators. */
export const BIP_UNSUPPORTED_EFFECTS = {
  moveToTalentPool: 'YonBIP documents no talent-pool API (recruiting runs in the Dayee ATS, VENDORS.md §2)',
  notify: "not applied by this connector: YonBIP's work notification addresses 友互通 user ids, which the hub does not link",
  followUpReminder: "not applied by this connector: YonBIP's work notification addresses 友互通 user ids, which the hub does not link",
  deliverEvent: 'deliverEvent is the generic webhook target effect; YonBIP has no endpoint that accepts a hub event',
} as const;

function receipt(duplicate: boolean, key: string, detail: string): Receipt {
  return { outcome: duplicate ? 'duplicate' : 'applied', externalRef: key, detail };
}

/**
 * Applies hub effects to YonBIP. Every write carries a `resubmitCheckKey` derived from the delivery's idempotency
 * key (`resubmitCheckKey`), so a retry is dropped by YonBIP's MDD idempotency (repeat class `keyed`). Remark-field
 * writes append to what the field holds and skip text already there, so they never erase an admin's remark.
 */
export class BipEffectApplier {
  constructor(private readonly api: BipCandidatesApi) {}

  async apply(effect: Effect, conn: Connection): Promise<Receipt> {
    const candidateId = effect.event.candidate.externalIds[conn.id];
    if (!candidateId) throw new ConnectorError('INVALID', `candidate ${effect.event.candidate.hubId ?? effect.event.candidate.name} has no YonBIP id for connection ${conn.id}`);
    const key = resubmitCheckKey(effect.idempotencyKey, effect.type);
    const settings = resolveSettings(conn);
    switch (effect.type) {
      case 'candidateStatus': {
        const status = effect.params.status;
        if (!status) throw new ConnectorError('INVALID', `no status value for 面试取消: set mapping.statusValues.cancelled on connection ${conn.id}`);
        const result = await this.api.update(conn, candidateId, { [settings.statusField]: status }, key);
        const written = updatedCandidate(result.data) ?? (await this.api.detail(conn, candidateId));
        const interview = written ? interviewExternalId({ ...written, id: candidateId }, settings.fields, { kind: 'status', value: status }, fieldText(written, settings.fields.cancelApplyId)) : undefined;
        return {
          ...receipt(result.duplicate, key, `candidate ${candidateId} ${settings.statusField} set to ${status}`),
          ...(interview ? { links: [{ kind: 'interview' as const, externalId: interview }] } : {}),
        };
      }
      case 'archiveInterview':
        return this.write(conn, settings.archive, candidateId, key, effect, [archiveNote(effect.event)]);
      case 'tagTalentPool': {
        const tags = effect.params.tags ?? [];
        if (!tags.length) return { outcome: 'not_applicable', detail: 'no tags to write (policies.tags renders none)' };
        return this.write(conn, settings.tags, candidateId, key, effect, tags);
      }
      default:
        throw new ConnectorError('PERMANENT', `effect ${effect.type} is not supported by YonBIP: ${BIP_UNSUPPORTED_EFFECTS[effect.type as keyof typeof BIP_UNSUPPORTED_EFFECTS] ?? 'unknown effect'}`);
    }
  }

  /** An archive note (one item) or tags, to the tenant-built API or appended to the remark field. */
  private async write(conn: Connection, target: WriteTarget, candidateId: string, key: string, effect: Effect, items: string[]): Promise<Receipt> {
    const what = effect.type === 'archiveInterview' ? 'archive note' : 'tags';
    if (target.mode === 'endpoint') {
      const result = await this.api.write(conn, target.path, endpointData(effect, candidateId, items), key, `${what} of candidate ${candidateId}`);
      return receipt(result.duplicate, key, `${what} sent to ${target.path} for candidate ${candidateId}`);
    }
    const candidate = await this.api.detail(conn, candidateId);
    if (!candidate) throw new ConnectorError('NOT_FOUND', `YonBIP has no candidate ${candidateId}`);
    const existing = fieldText(candidate, target.field) ?? '';
    const missing = effect.type === 'tagTalentPool' ? missingTags(existing, items) : items.filter((i) => !existing.includes(i));
    if (!missing.length) return receipt(true, key, `${what} already in ${target.field} of candidate ${candidateId}`);
    const result = await this.api.update(conn, candidateId, { [target.field]: appended(existing, missing.join(TAG_SEPARATOR)) }, key);
    return receipt(result.duplicate, key, `${what} appended to ${target.field} of candidate ${candidateId}`);
  }
}

/** The candidate as updateCandidate answers it (`data.infos[0]`), when it does. */
function updatedCandidate(data: unknown): Record<string, unknown> | undefined {
  const infos = record(data)?.infos;
  return Array.isArray(infos) ? record(infos[0]) : undefined;
}

/** What a tenant-built archive or tag API receives in `data` (BIP.md §8). */
function endpointData(effect: Effect, candidateId: string, items: string[]): Record<string, unknown> {
  const e = effect.event;
  const common = { candidateId, interviewKey: e.interview.key, ...(e.interview.scheduledStart ? { scheduledStart: e.interview.scheduledStart } : {}), positionTitle: e.interview.position.title };
  if (effect.type === 'tagTalentPool') return { ...common, tags: items };
  return { ...common, cancelledAt: e.occurredAt, reasonCode: e.cancellation.reason.code, ...(e.cancellation.reason.text ? { reasonText: e.cancellation.reason.text } : {}), note: items[0] };
}

