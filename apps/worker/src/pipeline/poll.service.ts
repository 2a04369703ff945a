import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory } from '@hub/config';
import { Repositories } from '@hub/persistence';
import type { PollJob } from '@hub/queue';
import { PipelineQueues } from '../../../hub/src/core/pipeline-queues';

/**
 * Polls one connection: scheduled (every tracked subject) or after a vendor hint. Every event
 * found goes through the inbox like a pushed one, so dedup and the rest of the pipeline apply.
 */
@Injectable()
export class PollService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async process(job: PollJob): Promise<string> {
    const conn = this.tenants.connection(job.tenantId, job.connectionId);
    if (!conn) return `connection ${job.tenantId}/${job.connectionId} is not configured`;
    const connector = this.registry.get(conn.connector);
    if (!connector.poll) return `the ${conn.connector} connector cannot poll`;
    const state = await this.repos.pollState.get(job.tenantId, job.connectionId);
    const targeted = job.subjects.length > 0;
    const subjects = targeted ? job.subjects : state.subjects;
    const now = new Date();
    let result;
    try {
      result = await connector.poll(conn, { cursor: state.cursor, subjects, targeted, now });
    } catch (e) {
      await this.repos.pollState.saveResult(job.tenantId, job.connectionId, { error: (e as Error).message });
      this.log.event('warn', 'poll.failed', { tenantId: job.tenantId, connectionId: job.connectionId, error: (e as Error).message });
      throw e;
    }
    let fresh = 0;
    const known = await this.repos.inbox.knownEventIds(job.tenantId, job.connectionId, result.events.map((e) => e.externalEventId));
    for (const ev of result.events.filter((e) => !known.has(e.externalEventId))) {
      const { record, duplicate } = await this.repos.inbox.accept({
        tenantId: job.tenantId,
        connectionId: job.connectionId,
        connector: conn.connector,
        externalEventId: ev.externalEventId,
        kind: ev.kind,
        mode: 'poll',
        payload: ev.payload,
        receivedAt: now,
      });
      if (duplicate) continue;
      fresh++;
      await this.queues.ingest(record._id);
    }
    await this.repos.pollState.track(job.tenantId, job.connectionId, result.discovered);
    if (!targeted) await this.repos.pollState.saveResult(job.tenantId, job.connectionId, { cursor: result.cursor });
    this.log.event('info', 'poll.done', { tenantId: job.tenantId, connectionId: job.connectionId, reason: job.reason, subjects: subjects.length, events: result.events.length, fresh });
    return `${result.events.length} events, ${fresh} new`;
  }
}
