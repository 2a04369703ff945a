import { timingSafeEqual, createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { bearerToken } from './bearer-token';

export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function isLoopback(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address); // unwraps ::ffff:127.0.0.1
  return parsed.range() === 'loopback';
}

/**
 * Who may read `/metrics` (it names connectors, routes and queues): with hub.yaml `metrics.token` set, a client
 * sending `Authorization: Bearer <token>`; without one, clients on this machine only.
 */
export function metricsAccess(token: string, remoteAddress: string | undefined, authorization: string | string[] | undefined): MetricsAccess {
  if (!token) {
    return isLoopback(remoteAddress) ? { allowed: true } : { allowed: false, status: 403, message: '/metrics is served to loopback clients only; set metrics.token (HUB_METRICS_TOKEN) to read it from elsewhere' };
  }
  const given = bearerToken(authorization);
  if (given && timingSafeEqual(digest(given), digest(token))) return { allowed: true };
  return { allowed: false, status: 401, message: 'send the metrics token as "Authorization: Bearer <token>"' };
}
