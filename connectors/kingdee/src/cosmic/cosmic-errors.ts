import { ConnectorError, retryAfterMs } from '@hub/connector-sdk';

export interface CosmicCodes {
  auth: string[];
  rateLimit: string[];
}

type Answer = { status: number; data: unknown; headers: Record<string, unknown> };

/**
 * The envelope `{data, errorCode, message, status}` [K3] → `data`, or the error taxonomy (COSMIC.md "Errors"):
 * HTTP 429 or a rate-limit code → RATE_LIMITED; HTTP 401 or an auth code → AUTH_EXPIRED (business calls; the
 * token call makes it PERMANENT); 5xx and unreadable bodies → TEMPORARY; 603 (bad parameters), 404 and any other
 * refusal → PERMANENT. HTTP 200 is not success: `errorCode` must be "0" and `status` not false.
 */
export function envelopeData(answer: Answer, what: string, codes: CosmicCodes): unknown {
  const body = answer.data as { errorCode?: unknown; message?: unknown; status?: unknown; data?: unknown } | undefined;
  const code = body && typeof body === 'object' && body.errorCode !== undefined ? String(body.errorCode) : undefined;
  const message = body && typeof body === 'object' && typeof body.message === 'string' ? body.message : '';
  const details = { httpStatus: answer.status, ...(code ? { vendorCode: code } : {}) };
  if (answer.status === 429 || (code && codes.rateLimit.includes(code))) {
    const wait = retryAfterMs(answer.headers['retry-after']);
    throw new ConnectorError('RATE_LIMITED', `${what}: throttled (${code ?? answer.status}) ${message}`.trim(), { ...details, retryAfterMs: wait ?? 60_000 });
  }
  if (answer.status === 401 || (code && codes.auth.includes(code))) throw new ConnectorError('AUTH_EXPIRED', `${what}: token refused (${code ?? 401}) ${message}`.trim(), details);
  if (answer.status >= 500) throw new ConnectorError('TEMPORARY', `${what}: HTTP ${answer.status}`, details);
  if (!body || typeof body !== 'object' || code === undefined) {
    throw new ConnectorError(answer.status >= 400 ? 'PERMANENT' : 'TEMPORARY', `${what}: HTTP ${answer.status} without a Cosmic envelope`, details);
  }
  if (code !== '0' || body.status === false || answer.status >= 400) throw new ConnectorError('PERMANENT', `${what}: errorCode ${code} ${message}`.trim(), details);
  return body.data;
}

/** One row's `errors` of a save result as text. */
export function rowErrorText(errors: unknown): string {
  if (!Array.isArray(errors)) return String(errors ?? '');
  return errors.map((e) => (typeof e === 'object' && e !== null ? String((e as Record<string, unknown>).message ?? JSON.stringify(e)) : String(e))).join('; ');
}
