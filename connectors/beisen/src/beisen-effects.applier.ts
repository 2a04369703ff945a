import { ConnectorError, type BatchOutcome, type Connection, type Effect, type EffectType, type Receipt } from '@hub/connector-sdk';
import type { BeisenApiClient } from './beisen-api.client';
import { BeisenRefusal } from './beisen-envelope';
import { isDuplicateBlock } from './beisen-outcomes';
import type { BeisenProcessCheck } from './beisen-process-check';
import type { BeisenSettings } from './beisen-settings';
import { BeisenTransfer } from './beisen-transfer';

export const BEISEN_EFFECTS: EffectType[] = ['candidateStatus', 'archiveInterview', 'tagTalentPool', 'moveToTalentPool'];

function idOf(effect: Effect, kind: 'candidate' | 'interview', conn: Connection): string {
  const id = kind === 'candidate' ? effect.event.candidate.externalIds?.[conn.id] : effect.event.interview.externalIds?.[conn.id];
  if (!id) throw new ConnectorError('NOT_FOUND', `${effect.type}: the event has no Beisen ${kind} id for connection ${conn.id}`);
  return id;
}

/**
 * Applies effects in Beisen (README "Effects"): the status by TransferPhase (batched, BeisenTransfer); the archive by
 * CancelInterview, which keeps the interview in Beisen's history as cancelled with the reason; tags and the talent
 * pool through the configured TalentPool APIs, asynchronous writes followed to their result. Every effect is
 * idempotent in Beisen (a status set again, an interview already cancelled, a member or tag already present).
 */
export class BeisenEffectApplier {
  private readonly transfer: BeisenTransfer;

  constructor(
    private readonly api: BeisenApiClient,
    processes: BeisenProcessCheck,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.transfer = new BeisenTransfer(api, processes, sleep);
  }

  async applyBatch(effects: Effect[], conn: Connection, s: BeisenSettings): Promise<BatchOutcome[]> {
    if (effects.some((e) => e.type !== 'candidateStatus')) throw new ConnectorError('PERMANENT', 'Beisen batches candidateStatus (TransferPhase) only');
    return this.transfer.apply(effects, conn, s);
  }

  async apply(effect: Effect, conn: Connection, s: BeisenSettings): Promise<Receipt> {
    switch (effect.type) {
      case 'candidateStatus': {
        const [outcome] = await this.transfer.apply([effect], conn, s);
        if (!outcome.ok) throw outcome.error;
        return outcome.receipt;
      }
      case 'archiveInterview':
        return this.cancelInterview(effect, conn, s);
      case 'tagTalentPool': {
        const tags = effect.params.tags ?? [];
        if (!tags.length) return { outcome: 'not_applicable', detail: 'no tags planned' };
        return this.asyncWrite(conn, s, s.talentPool.tagPath, { applicantIds: [idOf(effect, 'candidate', conn)], tags });
      }
      case 'moveToTalentPool': {
        const pool = effect.params.pool ?? '潜在候选人';
        const talentPoolId = s.talentPool.pools[pool];
        if (!talentPoolId) throw new ConnectorError('PERMANENT', `moveToTalentPool ${pool}: settings.talentPool.pools of connection ${conn.id} has no talentPoolId for it`);
        return this.asyncWrite(conn, s, s.talentPool.addPath, { talentPoolId, applicantIds: [idOf(effect, 'candidate', conn)] });
      }
      default:
        throw new ConnectorError('PERMANENT', `Beisen does not apply ${effect.type}`);
    }
  }

  /** CancelInterview; one already cancelled (by us moments ago, or by a recruiter) is a duplicate, not a failure. */
  private async cancelInterview(effect: Effect, conn: Connection, s: BeisenSettings): Promise<Receipt> {
    const interviewId = idOf(effect, 'interview', conn);
    const reason = effect.event.cancellation.reason;
    const body = { interviewId, reason: reason.text ?? reason.sourceValue ?? reason.code };
    const already = new RegExp(s.alreadyCancelledPattern, 'i');
    for (let attempt = 0; ; attempt++) {
      try {
        await this.api.call(conn, 'Interview/CancelInterview', body);
        return { outcome: 'applied', externalRef: `CancelInterview:${interviewId}` };
      } catch (e) {
        if (e instanceof BeisenRefusal && already.test(e.vendorMessage)) return { outcome: 'duplicate', externalRef: `CancelInterview:${interviewId}`, detail: e.vendorMessage };
        if (attempt > 0 || !isDuplicateBlock(e, s.duplicateBlockPattern)) throw e;
        // An identical cancel was accepted moments ago: once the block passes, Beisen says whether it is cancelled.
        await this.sleep(s.duplicateBlockSeconds * 1000);
      }
    }
  }

  /** A set-like asynchronous write (a member, tags): a blocked repeat is sent again after the block; a repeat adds nothing. */
  private async asyncWrite(conn: Connection, s: BeisenSettings, api: string, body: Record<string, unknown>): Promise<Receipt> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.api.callAsync(conn, api, body);
        return { outcome: 'applied', externalRef: result ? `${api}:${result.requestId}` : api };
      } catch (e) {
        if (attempt > 0 || !isDuplicateBlock(e, s.duplicateBlockPattern)) throw e;
        await this.sleep(s.duplicateBlockSeconds * 1000);
      }
    }
  }
}
