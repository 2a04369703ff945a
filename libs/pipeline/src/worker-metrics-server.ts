import { createServer, type Server } from 'node:http';
import type { LoadedConfig } from '@hub/config';
import { metricsAccess, type HubMetrics } from '@hub/runtime';

/**
 * `GET /metrics` of a HUB_ROLE=worker process (which has no other HTTP server), on hub.yaml `metrics.workerPort`
 * of `server.host`, with the same access rule as the hub's. Resolves once listening; undefined when the port is 0.
 */
export async function serveWorkerMetrics(metrics: HubMetrics, config: LoadedConfig): Promise<Server | undefined> {
  const { workerPort, token } = config.hub.metrics;
  if (!workerPort) return undefined;
  const server = createServer((req, res) => {
    const json = (status: number, error: string, message: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error, message, details: {} }));
    if ((req.url ?? '').split('?')[0] !== '/metrics') return json(404, 'not_found', 'only /metrics is served here');
    if (req.method !== 'GET') return json(405, 'method_not_allowed', 'use GET');
    const access = metricsAccess(token, req.socket.remoteAddress, req.headers.authorization);
    if (!access.allowed) return json(access.status, access.status === 401 ? 'unauthorized' : 'forbidden', access.message);
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (e: Error) => json(500, 'internal_error', e.message),
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(workerPort, config.hub.server.host, resolve));
  return server;
}
