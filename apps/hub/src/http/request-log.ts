import type { FastifyInstance } from 'fastify';
import type { JsonLogger } from '@hub/config';
import type { HubMetrics } from '@hub/runtime';

/**
 * One structured line per answered request (method, route pattern, status, time, client address; never the
 * query string or headers), at hub.yaml `logging.requests`, and the request series of /metrics.
 */
export function installRequestLog(app: FastifyInstance, log: JsonLogger, metrics: HubMetrics, level: 'debug' | 'info' | 'off'): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: req.method, route }, seconds);
    if (level !== 'off') log.event(level, 'http.request', { reqId: req.id, method: req.method, route, status: reply.statusCode, ms: Math.round(seconds * 10_000) / 10, ip: req.ip });
  });
}
