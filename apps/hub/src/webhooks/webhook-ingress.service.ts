import { Inject, Injectable } from '@nestjs/common';
import { ConnectorRegistry, WebhookRejectedError, type RawWebhook, type VerifiedWebhook, type WebhookRejectionReason } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory, type LoadedConfig } from '@hub/config';
import { Repositories } from '@hub/persistence';
import { InboxIntake } from '@hub/pipeline';
import { HUB_CONFIG } from '@hub/runtime';
import { newUlid } from '@hub/schema';

export interface IngressReply {
  status: number;
  contentType: string;
  body: string;
}

/** Tenant id recorded for requests naming a tenant that does not exist: visible to operators, to no tenant. */
export const UNKNOWN_TENANT = '_unknown';
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'x-forwarded-for'];

/**
 * Step 1 of the pipeline for vendor pushes: verify, store in the inbox before answering (InboxIntake), and
 * answer what the vendor expects. While Redis is away the push is still stored and answered; its ingest is
 * queued when Redis is back. Refusals are stored too, with their reason.
 */
@Injectable()
export class WebhookIngressService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(InboxIntake) private readonly intake: InboxIntake,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  async receive(tenantId: string, connectionId: string, req: RawWebhook & { remoteIp?: string }): Promise<IngressReply> {
    const meta = JSON.stringify({
      query: req.query,
      headers: Object.fromEntries(KEPT_HEADERS.filter((h) => req.headers[h]).map((h) => [h, req.headers[h]])),
      remoteIp: req.remoteIp,
      path: `/webhooks/${tenantId}/${connectionId}`,
    });
    const base = { connectionId: connectionId.slice(0, 64), mode: 'webhook' as const, requestMeta: meta, receivedAt: req.receivedAt };
    const limit = this.config.hub.server.bodyLimitBytes;
    const reject = async (reason: WebhookRejectionReason, message: string, httpStatus: number, tenant = tenantId) => {
      const rawBody = req.rawBody.subarray(0, limit).toString('utf8');
      const rec = await this.repos.inbox.reject({ ...base, _id: newUlid(), tenantId: tenant, rawBody, rejection: { reason, message, httpStatus } });
      this.log.event('warn', 'webhook.rejected', { tenantId: tenant, connectionId, reason, message, inboxId: rec._id });
      return { status: httpStatus, contentType: 'application/json', body: JSON.stringify({ error: reason, message, inboxId: rec._id }) };
    };

    if (!this.tenants.get(tenantId)) return reject('unknown_tenant', `no tenant "${tenantId.slice(0, 64)}" is configured`, 404, UNKNOWN_TENANT);
    const conn = this.tenants.connection(tenantId, connectionId);
    const connConfig = this.tenants.connectionConfig(tenantId, connectionId);
    if (!conn || !connConfig?.enabled) return reject('unknown_connection', `tenant "${tenantId}" has no enabled connection "${connectionId.slice(0, 64)}"`, 404);
    if (req.rawBody.length > limit) return reject('body_too_large', `body of ${req.rawBody.length} bytes exceeds the limit of ${limit} bytes`, 413);
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
      await this.repos.audit.record(tenantId, conn.connector, 'webhook.handshake', connectionId, 'URL verification answered');
      this.log.event('info', 'webhook.handshake', { tenantId, connectionId });
    }
    for (const ev of verified.events) {
      const stored = await this.intake.accept({ ...base, tenantId, connectionId, connector: conn.connector, externalEventId: ev.externalEventId, kind: ev.kind, rawBody, payload: ev.payload });
      if (stored.duplicate) this.log.event('info', 'webhook.duplicate', { tenantId, connectionId, kind: ev.kind });
      else this.log.event(stored.queued === 'queued' ? 'info' : 'warn', stored.queued === 'queued' ? 'webhook.accepted' : 'webhook.accepted_queue_later', { tenantId, connectionId, inboxId: stored.inboxId, kind: ev.kind });
    }
    return verified.reply;
  }
}
