import { Inject, Injectable } from '@nestjs/common';
import { Repositories, InboxRepository, type NewInboxRecord } from '@hub/persistence';
import { PipelineQueues, type EnqueueOutcome } from '@hub/runtime';
import { newUlid } from '@hub/schema';
import { LruCache } from '../support/lru-cache';

/** How many recent dedup keys this process remembers, so a redelivery costs one small insert. */
const RECENT_KEYS = 100_000;

export type IntakeResult = { duplicate: false; inboxId: string; queued: EnqueueOutcome } | { duplicate: true; dedupKey: string };

/**
 * Step 1 for everything that enters the pipeline (vendor pushes, polled events, one-click cancels):
 * stores the event durably and queues its ingest. The pending entry is written first and the inbox
 * record second, under one id, so there is no moment at which an accepted event has no pending entry;
 * a pending entry whose inbox write never happened is dropped by the sweeper. A redelivery of a stored
 * event is counted (a poll re-reading what a poll stored is not) and stores nothing else. Nothing here waits on Redis longer than the enqueue timeout.
 */
@Injectable()
export class InboxIntake {
  /** Recent dedup keys and how each event first arrived. */
  private readonly recent = new LruCache<string, NewInboxRecord['mode']>(RECENT_KEYS);

  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
  ) {}

  async accept(rec: Omit<NewInboxRecord, '_id'> & { payload: string }): Promise<IntakeResult> {
    const dedupKey = InboxRepository.dedupKey(rec.tenantId, rec.connectionId, rec.externalEventId);
    const first = this.recent.get(dedupKey);
    if (first) return this.repeat(rec, dedupKey, first);
    const id = newUlid();
    await this.repos.pending.add({ _id: id, tenantId: rec.tenantId, connectionId: rec.connectionId, mode: rec.mode, receivedAt: rec.receivedAt });
    if ((await this.repos.inbox.insertAccepted({ ...rec, _id: id })) === 'duplicate') {
      await this.repos.pending.remove(id);
      return this.repeat(rec, dedupKey);
    }
    this.recent.set(dedupKey, rec.mode);
    const queued = await this.queues.ingest({
      inboxId: id,
      record: {
        tenantId: rec.tenantId,
        connectionId: rec.connectionId,
        externalEventId: rec.externalEventId,
        kind: rec.kind,
        mode: rec.mode,
        payload: rec.payload,
        receivedAt: rec.receivedAt.toISOString(),
      },
    });
    return { duplicate: false, inboxId: id, queued };
  }

  /**
   * A redelivery (a push or API call of a stored event, or a poll finding one that came another way) is counted; a
   * poll reading again what a poll stored (known to this process) is not: polls overlap their windows on purpose (a
   * batch stamped with one second is read again while that second is the cursor).
   */
  private async repeat(rec: Pick<NewInboxRecord, 'tenantId' | 'mode'>, dedupKey: string, first?: NewInboxRecord['mode']): Promise<IntakeResult> {
    this.recent.set(dedupKey, first ?? rec.mode);
    if (!(rec.mode === 'poll' && first === 'poll')) await this.repos.outcomes.countRepeat(rec.tenantId, dedupKey);
    return { duplicate: true, dedupKey };
  }
}
