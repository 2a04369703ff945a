import { Inject, Injectable } from '@nestjs/common';
import { IN_FLIGHT_DELIVERY_STATUSES, Repositories, type DeliveryRecord, type SyncStatus } from '@hub/persistence';

/** The sync status a cancellation's deliveries add up to, or undefined while any is still in flight. */
export function syncStatusOf(deliveries: Pick<DeliveryRecord, 'status'>[]): SyncStatus | undefined {
  const has = (s: DeliveryRecord['status']) => deliveries.some((d) => d.status === s);
  if (deliveries.some((d) => IN_FLIGHT_DELIVERY_STATUSES.includes(d.status))) return undefined;
  if (has('dead')) return 'failed';
  if (has('uncertain')) return 'uncertain';
  if (has('awaiting_link')) return 'awaiting_link';
  return 'synced';
}

/**
 * Ends `syncing`: once no delivery of a cancellation is in flight, its status becomes what the deliveries
 * add up to. Every delivery that stops being in flight calls it after recording its own state, so the last
 * one always sees them all; the sweeper calls it too, for a process that died in between.
 *
 * A cancellation without any delivery is settled only by its fan-out (`plannedNone`), which knows that planning
 * found no target: seen from anywhere else, no delivery may mean planning has not run yet (its process died
 * between recording the cancellation and planning; the inbox's pending entry runs it again), and calling that
 * `synced` would report a cancellation done before anything was sent.
 */
@Injectable()
export class DeliverySettler {
  constructor(@Inject(Repositories) private readonly repos: Repositories) {}

  async settle(cancellationId: string, plannedNone = false): Promise<SyncStatus | undefined> {
    const deliveries = await this.repos.deliveries.forCancellation(cancellationId);
    if (!deliveries.length && !plannedNone) return undefined;
    const status = syncStatusOf(deliveries);
    if (status) await this.repos.cancellations.setSyncStatus(cancellationId, status);
    return status;
  }
}
