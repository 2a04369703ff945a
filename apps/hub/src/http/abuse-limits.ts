import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AbuseLimits, TenantDirectory } from '@hub/config';
import { apiKeyOwner } from './api-key.guard';
import { errorBody } from './error-body';
import { FixedWindowLimiter } from './rate-limiter';

/** Which limit refused a request. */
export type LimitScope = 'webhook_source_ip' | 'webhook_connection' | 'api_key' | 'api_unauthenticated_source_ip';

const WEBHOOK_PATH = /^\/webhooks\/([^/?]+)\/([^/?]+)/;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Rate limits applied before a body is read: vendor pushes per source address and per connection, /v1 calls
 * per API key and, without a valid key, per source address. Over a limit: 429, `Retry-After`, and an error body
 * naming the limit. Only real connections get a per-connection count, so junk paths cannot grow the counters.
 */
export class AbuseLimiter {
  private readonly limiters: Record<LimitScope, FixedWindowLimiter>;

  constructor(
    limits: AbuseLimits,
    private readonly tenants: TenantDirectory,
    private readonly onLimited: (scope: LimitScope) => void = () => undefined,
  ) {
    this.limiters = {
      webhook_source_ip: new FixedWindowLimiter(limits.webhookPerSourceIp),
      webhook_connection: new FixedWindowLimiter(limits.webhookPerConnection),
      api_key: new FixedWindowLimiter(limits.apiPerKey),
      api_unauthenticated_source_ip: new FixedWindowLimiter(limits.apiUnauthenticatedPerSourceIp),
    };
  }

  install(app: FastifyInstance): void {
    app.addHook('onRequest', async (req, reply) => {
      for (const [scope, key] of this.keysOf(req)) {
        const decision = this.limiters[scope].hit(key);
        if (!decision.allowed) return this.refuse(reply, scope, decision.retryAfterSeconds);
      }
    });
  }

  /** The counters a request counts against, in order. */
  keysOf(req: Pick<FastifyRequest, 'url' | 'ip' | 'headers'>): [LimitScope, string][] {
    const webhook = WEBHOOK_PATH.exec(req.url);
    if (webhook) {
      const [tenantId, connectionId] = [decoded(webhook[1]), decoded(webhook[2])];
      const known = this.tenants.connectionConfig(tenantId, connectionId);
      return known ? [['webhook_source_ip', req.ip], ['webhook_connection', `${tenantId}/${connectionId}`]] : [['webhook_source_ip', req.ip]];
    }
    if (!req.url.startsWith('/v1/') && req.url !== '/v1') return [];
    const who = apiKeyOwner(req, this.tenants);
    return who ? [['api_key', `${who.tenantId}/${who.keyName}`]] : [['api_unauthenticated_source_ip', req.ip]];
  }

  private async refuse(reply: FastifyReply, scope: LimitScope, retryAfterSeconds: number): Promise<FastifyReply> {
    this.onLimited(scope);
    const limit = this.limiters[scope].limit;
    const body = errorBody(429, `too many requests (${scope.replace(/_/g, ' ')}: at most ${limit.max} per ${limit.windowSeconds} s); retry after ${retryAfterSeconds} s`, {
      scope,
      max: limit.max,
      windowSeconds: limit.windowSeconds,
      retryAfterSeconds,
    });
    return reply.code(429).header('retry-after', String(retryAfterSeconds)).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
