import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConnectorRegistry, WebhookRejectedError, type RawWebhook, type VerifiedWebhook, type WebhookRejectionReason } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type LoadedConfig } from '@hub/config';
import { Repositories } from '@hub/persistence';
import { InboxIntake } from '@hub/pipeline';
import { HUB_CONFIG, HubMetrics } from '@hub/runtime';
import { newUlid } from '@hub/schema';
import { RejectionSampler } from './rejection-sampler';

export interface IngressReply {
  status: number;
  contentType: string;
  body: string;
}

/** Tenant id recorded for requests naming a tenant or connection that does not exist: visible to operators, to no tenant. */
export const UNKNOWN_TENANT = '_unknown';
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'x-forwarded-for'];

/**
 * Step 1 of the pipeline for vendor pushes: verify, store in the inbox before answering (InboxIntake), and
 * answer what the vendor expects. While Redis is away the push is still stored and answered; its ingest is
 * queued when Redis is back. Refusals are stored too, with their reason: the first few of each kind per minute
 * in full (limits.rejectedKeptPerMinute), the rest counted and reported once a minute (RejectionSampler).
 */
@Injectable()
export class WebhookIngressService implements OnModuleDestroy {
  private readonly sampler: RejectionSampler;
  private readonly reportTimer: NodeJS.Timeout;

  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(InboxIntake) private readonly intake: InboxIntake,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
  ) {
    this.sampler = new RejectionSampler(config.hub.limits.rejectedKeptPerMinute, (dropped, uncountedKinds) =>
      this.log.event('warn', 'webhook.rejections_not_kept', { minuteCounts: dropped, uncountedKinds }),
    );
    this.reportTimer = setInterval(() => this.sampler.roll(), 60_000).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.reportTimer);
    this.sampler.flush();
  }

  async receive(tenantId: string, connectionId: string, req: RawWebhook & { remoteIp?: string; truncated?: boolean }): Promise<IngressReply> {
    const meta = JSON.stringify({
      query: req.query,
      headers: Object.fromEntries(KEPT_HEADERS.filter((h) => req.headers[h]).map((h) => [h, req.headers[h]])),
      remoteIp: req.remoteIp,
      path: `/webhooks/${tenantId}/${connectionId}`,
    });
    const base = { connectionId: connectionId.slice(0, 64), mode: 'webhook' as const, requestMeta: meta, receivedAt: req.receivedAt };
    const limit = this.config.hub.server.bodyLimitBytes;
    let connectorId = 'none';
    const reject = async (reason: WebhookRejectionReason, message: string, httpStatus: number, tenant = tenantId) => {
      this.metrics.webhookVerifications.inc({ connector: connectorId, result: reason });
      let details: Record<string, unknown> = { kept: false };
      if (this.sampler.keep(tenant, base.connectionId, reason)) {
        const rawBody = req.rawBody.subarray(0, limit).toString('utf8');
        const rec = await this.repos.inbox.reject({ ...base, _id: newUlid(), tenantId: tenant, rawBody, rejection: { reason, message, httpStatus } });
        this.log.event('warn', 'webhook.rejected', { tenantId: tenant, connectionId, reason, message, inboxId: rec._id });
        details = { kept: true, inboxId: rec._id };
      }
      return { status: httpStatus, contentType: 'application/json', body: JSON.stringify({ error: reason, message, details }) };
    };

    if (!this.tenants.get(tenantId)) return reject('unknown_tenant', `no tenant "${tenantId.slice(0, 64)}" is configured`, 404, UNKNOWN_TENANT);
    const conn = this.tenants.connection(tenantId, connectionId);
    const connConfig = this.tenants.connectionConfig(tenantId, connectionId);
    // Stored apart from the tenant: its inbox shows only what reached its real connections.
    if (!conn || !connConfig?.enabled) return reject('unknown_connection', `tenant "${tenantId}" has no enabled connection "${connectionId.slice(0, 64)}"`, 404, UNKNOWN_TENANT);
    if (req.truncated) return reject('body_too_large', `body larger than the limit of ${limit} bytes (its first ${limit} bytes are kept)`, 413);
    connectorId = conn.connector;
    const connector = this.registry.get(conn.connector);
    if (!connector.verifyWebhook) return reject('unsupported', `the ${conn.connector} connector does not receive webhooks`, 405);

    let verified: VerifiedWebhook;
    try {
      verified = await connector.verifyWebhook(req, conn);
    } catch (e) {
      if (e instanceof WebhookRejectedError) return reject(e.reason, e.message, e.httpStatus);
      throw e;
    }
    const rawBody = req.rawBody.toString('utf8');
    if (verified.handshake) {
      this.metrics.webhookVerifications.inc({ connector: connectorId, result: 'handshake' });
      await this.repos.audit.record(tenantId, conn.connector, 'webhook.handshake', connectionId, 'URL verification answered');
      this.log.event('info', 'webhook.handshake', { tenantId, connectionId });
    }
    for (const ev of verified.events) {
      const stored = await this.intake.accept({ ...base, tenantId, connectionId, connector: conn.connector, externalEventId: ev.externalEventId, kind: ev.kind, rawBody, payload: ev.payload });
      this.metrics.webhookVerifications.inc({ connector: connectorId, result: stored.duplicate ? 'duplicate' : 'accepted' });
      if (stored.duplicate) this.log.event('info', 'webhook.duplicate', { tenantId, connectionId, kind: ev.kind });
      else this.log.event(stored.queued === 'queued' ? 'info' : 'warn', stored.queued === 'queued' ? 'webhook.accepted' : 'webhook.accepted_queue_later', { tenantId, connectionId, inboxId: stored.inboxId, kind: ev.kind });
    }
    return verified.reply;
  }
}
