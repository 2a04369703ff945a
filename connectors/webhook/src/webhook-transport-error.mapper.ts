import { ConnectorError, isOutboundRefusal } from '@hub/connector-sdk';

/** What the tenant reads when a delivery got no HTTP answer: the class of the failure, never the socket's own error. */
export const TRANSPORT_FAILURE = {
  refused: "the address is not allowed by the hub's outbound policy",
  dns: 'DNS lookup failed',
  tls: 'TLS error (handshake or certificate refused)',
  unreachable: 'the subscriber could not be reached (connection failed)',
  tooLarge: "the subscriber's answer was too large to read",
} as const;

// Codes after which the request provably never left the hub (not ambiguous).
const CONNECT_FAILED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN', 'ENETDOWN']);
const DNS_FAILED = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL']);
const TLS_FAILED = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|EPROTO$)/;
const TIMED_OUT = new Set(['ETIMEDOUT', 'ECONNABORTED']);

// The error's code, else its cause's, else the first of an AggregateError's (Happy Eyeballs tried several addresses).
function codeOf(e: unknown): string {
  let cur = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 4; depth++) {
    const { code, errors, cause } = cur as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && code) return code;
    cur = Array.isArray(errors) && errors.length ? errors[0] : cause;
  }
  return '';
}

/**
 * Maps a delivery that ended without an HTTP answer onto the taxonomy. Pure. A refusal by the outbound policy is
 * PERMANENT; everything else is TEMPORARY. A refused and a reset connection read alike — to a tenant, the hub
 * must not tell a closed port from an open one — but only the reset may have delivered (`ambiguous`).
 */
export function mapTransportError(e: unknown, target: string, timeoutMs: number): ConnectorError {
  if (isOutboundRefusal(e)) return new ConnectorError('PERMANENT', `POST ${target}: ${TRANSPORT_FAILURE.refused}`, { ambiguous: false });
  const code = codeOf(e);
  if (TIMED_OUT.has(code)) return new ConnectorError('TEMPORARY', `POST ${target} timed out after ${timeoutMs}ms`, { ambiguous: true });
  if (DNS_FAILED.has(code)) return new ConnectorError('TEMPORARY', `POST ${target}: ${TRANSPORT_FAILURE.dns}`, { ambiguous: false });
  if (TLS_FAILED.test(code)) return new ConnectorError('TEMPORARY', `POST ${target}: ${TRANSPORT_FAILURE.tls}`, { ambiguous: false });
  if (code === 'ERR_FR_MAX_CONTENT_LENGTH_EXCEEDED' || code === 'ERR_BAD_RESPONSE') {
    return new ConnectorError('TEMPORARY', `POST ${target}: ${TRANSPORT_FAILURE.tooLarge}`, { ambiguous: true });
  }
  return new ConnectorError('TEMPORARY', `POST ${target}: ${TRANSPORT_FAILURE.unreachable}`, { ambiguous: !CONNECT_FAILED.has(code) });
}
