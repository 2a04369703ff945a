import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry, type VendorCancellation, type VendorEvent } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type LoadedConfig, type TenantConfig } from '@hub/config';
import { normalizeCancellation } from '@hub/mapping';
import { Repositories } from '@hub/persistence';
import { coalescedPollSlot, jobIds, type IngestJob, type IngestRecord } from '@hub/queue';
import { HUB_CONFIG, PipelineQueues } from '@hub/runtime';
import { newUlid, validateCancellationEvent, type CancellationEvent, type SourceSystem } from '@hub/schema';
import { CancellationFanout } from '../fanout/cancellation-fanout.service';

/** A failure that retrying cannot fix: the inbox record gets the outcome `failed` and is kept for inspection. */
export class UnprocessableEventError extends Error {}

/** What a one-click cancel stores in the inbox: the validated canonical event and who asked. */
export interface ApiCancellationPayload {
  event: CancellationEvent;
  actor: string;
}

/**
 * Step 2 of the pipeline: inbox record → connector.parse → mapping → canonical event → fan-out (or a
 * poll, for pushes that only say something changed). Safe to run any number of times for one record.
 * An outcome (`processed` or `failed`) is recorded, then the record leaves the pending list; a record
 * whose ingest keeps failing becomes `failed` after `ingestAttempts` tries instead of being retried forever.
 */
@Injectable()
export class IngestService {
  /** Per connection, the coalesced poll job this process last queued (one entry per connection). */
  private readonly queuedPollSlots = new Map<string, string>();

  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(CancellationFanout) private readonly fanout: CancellationFanout,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async process(job: IngestJob): Promise<string> {
    const record = job.record ?? (await this.load(job.inboxId));
    if (!record) {
      // A pending entry whose inbox write never happened (the process died in between; the sender got no answer).
      await this.repos.pending.remove(job.inboxId);
      return 'no inbox record: dropped the pending entry';
    }
    try {
      const result = await this.handle(job.inboxId, record);
      await this.finish(job.inboxId, record.tenantId, { status: 'processed', result });
      return result;
    } catch (e) {
      const message = (e as Error).message;
      if (e instanceof UnprocessableEventError || (e as Error).name === 'InvalidCancellationEventError') {
        await this.finish(job.inboxId, record.tenantId, { status: 'failed', error: message });
        this.log.event('warn', 'ingest.failed', { inboxId: job.inboxId, tenantId: record.tenantId, error: message });
        return `failed: ${message}`;
      }
      const attempts = await this.repos.pending.recordFailure(job.inboxId, message);
      if (attempts >= this.config.hub.pipeline.ingestAttempts) {
        const error = `gave up after ${attempts} attempts: ${message}`;
        await this.finish(job.inboxId, record.tenantId, { status: 'failed', error });
        this.log.event('error', 'ingest.gave_up', { inboxId: job.inboxId, tenantId: record.tenantId, error });
        return `failed: ${error}`;
      }
      throw e;
    }
  }

  /** Records the outcome, which settles the pending entry (the sweeper trims settled entries in bulk). */
  private async finish(inboxId: string, tenantId: string, o: { status: 'processed' | 'failed'; result?: string; error?: string }): Promise<void> {
    await this.repos.outcomes.record({ _id: inboxId, tenantId, ...o });
  }

  private async load(inboxId: string): Promise<IngestRecord | undefined> {
    const r = await this.repos.inbox.findById(inboxId);
    if (!r || r.status !== 'accepted') return undefined;
    return { tenantId: r.tenantId, connectionId: r.connectionId, externalEventId: r.externalEventId, kind: r.kind, mode: r.mode, payload: r.payload ?? '', receivedAt: r.receivedAt.toISOString() };
  }

  private async handle(inboxId: string, rec: IngestRecord): Promise<string> {
    if (rec.mode === 'api') return this.apiCancellation(inboxId, rec);
    const tenant = this.tenants.get(rec.tenantId);
    const connection = this.tenants.connection(rec.tenantId, rec.connectionId);
    if (!tenant || !connection) throw new UnprocessableEventError(`connection ${rec.tenantId}/${rec.connectionId} is no longer configured`);
    const connector = this.registry.get(connection.connector);
    const vendorEvent: VendorEvent = { externalEventId: rec.externalEventId ?? inboxId, kind: rec.kind ?? '', mode: rec.mode, payload: rec.payload };
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
      else if (p.kind === 'pollHint') results.push(await this.hint(inboxId, rec, p.subjects));
      else results.push(await this.cancellation(inboxId, rec, tenant, connector.system, p));
    }
    return results.join('; ') || 'nothing to do';
  }

  private async apiCancellation(inboxId: string, rec: IngestRecord): Promise<string> {
    let payload: ApiCancellationPayload;
    try {
      payload = JSON.parse(rec.payload) as ApiCancellationPayload;
    } catch {
      throw new UnprocessableEventError('the stored one-click cancel is not JSON');
    }
    const violations = validateCancellationEvent(payload.event);
    if (violations.length) throw new UnprocessableEventError(`the stored one-click cancel is not a valid event: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`);
    return (await this.fanout.accept(payload.event, inboxId, payload.actor)).summary;
  }

  private async hint(inboxId: string, rec: IngestRecord, subjects: string[]): Promise<string> {
    if (subjects.length) {
      await this.repos.pollState.track(rec.tenantId, rec.connectionId, subjects);
      await this.queues.poll({ tenantId: rec.tenantId, connectionId: rec.connectionId, scope: 'subjects', subjects }, jobIds.targetedPoll(rec.tenantId, rec.connectionId, inboxId));
      return `poll requested for ${subjects.join(', ')}`;
    }
    const slot = coalescedPollSlot(rec.tenantId, rec.connectionId, Date.now());
    const connectionKey = `${rec.tenantId}|${rec.connectionId}`;
    // The slot's poll runs when its window ends, so once this process has queued it, later hints of the window need not ask Redis.
    if (this.queuedPollSlots.get(connectionKey) !== slot.jobId) {
      const queued = await this.queues.poll({ tenantId: rec.tenantId, connectionId: rec.connectionId, scope: 'changes', subjects: [] }, slot.jobId, slot.delayMs);
      if (queued === 'queued') this.queuedPollSlots.set(connectionKey, slot.jobId);
    }
    return 'poll requested for what changed';
  }

  private async cancellation(inboxId: string, rec: IngestRecord, tenant: TenantConfig, system: SourceSystem, v: VendorCancellation): Promise<string> {
    const conn = tenant.connections.find((c) => c.id === rec.connectionId);
    if (!conn) throw new UnprocessableEventError(`connection ${rec.connectionId} vanished`);
    const event: CancellationEvent = normalizeCancellation(v, {
      id: newUlid(),
      tenantId: tenant.id,
      timezone: tenant.timezone,
      connectionId: conn.id,
      system,
      mode: rec.mode,
      externalEventId: rec.externalEventId,
      receivedAt: rec.receivedAt,
      mapping: conn.mapping,
    });
    return (await this.fanout.accept(event, inboxId)).summary;
  }
}
