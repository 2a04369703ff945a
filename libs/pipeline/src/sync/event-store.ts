import { Inject, Injectable } from '@nestjs/common';
import { Repositories } from '@hub/persistence';
import type { CancellationEvent } from '@hub/schema';
import { LruCache } from '../support/lru-cache';

/** Canonical events by cancellation id. They never change once recorded, so this process keeps recent ones. */
@Injectable()
export class EventStore {
  private readonly cache = new LruCache<string, CancellationEvent>(20_000);

  constructor(@Inject(Repositories) private readonly repos: Repositories) {}

  remember(event: CancellationEvent): void {
    this.cache.set(event.id, event);
  }

  async get(tenantId: string, cancellationId: string): Promise<CancellationEvent | undefined> {
    const cached = this.cache.get(cancellationId);
    if (cached && cached.tenantId === tenantId) return cached;
    const record = await this.repos.cancellations.findById(tenantId, cancellationId);
    if (!record) return undefined;
    const event = JSON.parse(record.event) as CancellationEvent;
    this.cache.set(cancellationId, event);
    return event;
  }
}
