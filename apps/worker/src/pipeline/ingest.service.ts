import { Inject, Injectable } from '@nestjs/common';
import { ulid } from 'ulid';
import { ConnectorRegistry, type VendorCancellation, type VendorEvent } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type TenantConfig } from '@hub/config';
import { normalizeCancellation } from '@hub/mapping';
import { Repositories, type InboxRecord } from '@hub/persistence';
import { coalescedPollSlot, jobIds } from '@hub/queue';
import type { CancellationEvent, SourceSystem } from '@hub/schema';
import { PipelineQueues } from '../../../hub/src/core/pipeline-queues';
import { CancellationFanout } from './cancellation-fanout.service';

/** A failure that retrying cannot fix: the inbox record is marked failed and kept for inspection. */
export class UnprocessableEventError extends Error {}

/**
 * Step 2 of the pipeline: inbox record → connector.parse → mapping → canonical event →
 * cancellation upsert → fan-out. Safe to run any number of times for the same inbox record.
 */
@Injectable()
export class IngestService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(CancellationFanout) private readonly fanout: CancellationFanout,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async process(inboxId: string): Promise<string> {
    const rec = await this.repos.inbox.findById(inboxId);
    if (!rec) throw new UnprocessableEventError(`inbox record ${inboxId} does not exist`);
    if (rec.status === 'processed' || rec.status === 'rejected') return `already ${rec.status}`;
    try {
      const result = await this.handle(rec);
      await this.repos.inbox.markProcessed(inboxId, result);
      return result;
    } catch (e) {
      if (e instanceof UnprocessableEventError || (e as Error).name === 'InvalidCancellationEventError') {
        await this.repos.inbox.markFailed(inboxId, (e as Error).message);
        this.log.event('warn', 'ingest.failed', { inboxId, tenantId: rec.tenantId, error: (e as Error).message });
        return `failed: ${(e as Error).message}`;
      }
      await this.repos.inbox.recordError(inboxId, (e as Error).message);
      throw e;
    }
  }

  private async handle(rec: InboxRecord): Promise<string> {
    if (rec.mode === 'api') {
      // API requests are processed while the caller waits; one still here was cut off before its 202.
      throw new UnprocessableEventError('the API request was interrupted before it was answered; the caller got no 202 and must send it again (the same Idempotency-Key is safe)');
    }
    const tenant = this.tenants.get(rec.tenantId);
    const connection = this.tenants.connection(rec.tenantId, rec.connectionId);
    if (!tenant || !connection) throw new UnprocessableEventError(`connection ${rec.tenantId}/${rec.connectionId} is no longer configured`);
    const connector = this.registry.get(connection.connector);
    const vendorEvent: VendorEvent = { externalEventId: rec.externalEventId ?? rec._id, kind: rec.kind ?? '', mode: rec.mode, payload: rec.payload ?? '' };
    let parsed;
    try {
      parsed = connector.parse(vendorEvent, connection);
    } catch (e) {
      // parse is pure: whatever it refuses now it will refuse on every retry.
      throw new UnprocessableEventError(`the ${connector.id} connector cannot read this event: ${(e as Error).message}`);
    }
    const results: string[] = [];
    for (const p of parsed) {
      if (p.kind === 'ignored') results.push(`ignored: ${p.why}`);
      else if (p.kind === 'pollHint') results.push(await this.hint(rec, p.subjects));
      else results.push(await this.cancellation(rec, tenant, connector.system, p));
    }
    return results.join('; ') || 'nothing to do';
  }

  private async hint(rec: InboxRecord, subjects: string[]): Promise<string> {
    const job = { tenantId: rec.tenantId, connectionId: rec.connectionId, subjects, reason: 'hint' as const };
    if (subjects.length) {
      await this.repos.pollState.track(rec.tenantId, rec.connectionId, subjects);
      await this.queues.poll(job, jobIds.targetedPoll(rec.tenantId, rec.connectionId, rec._id));
    } else {
      const slot = coalescedPollSlot(rec.tenantId, rec.connectionId, Date.now());
      await this.queues.poll(job, slot.jobId, slot.delayMs);
    }
    return `poll requested${subjects.length ? ` for ${subjects.join(', ')}` : ' for all tracked subjects'}`;
  }

  private async cancellation(rec: InboxRecord, tenant: TenantConfig, system: SourceSystem, v: VendorCancellation): Promise<string> {
    const conn = tenant.connections.find((c) => c.id === rec.connectionId);
    if (!conn) throw new UnprocessableEventError(`connection ${rec.connectionId} vanished`);
    const event: CancellationEvent = normalizeCancellation(v, {
      id: ulid(),
      tenantId: tenant.id,
      timezone: tenant.timezone,
      connectionId: conn.id,
      system,
      mode: rec.mode,
      externalEventId: rec.externalEventId,
      receivedAt: rec.receivedAt.toISOString(),
      mapping: conn.mapping,
    });
    return (await this.fanout.accept(event, rec._id)).summary;
  }
}
