import { ConnectorError, retryAfterMs, type Receipt } from '@hub/connector-sdk';

/** A subscriber's answer to one delivery attempt, as far as the hub reads it. */
export interface DeliveryResponse {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, unknown>>;
  /** The response body as text (only a prefix is ever quoted). */
  body: string;
}

// A 409 only means "already have it" when the receiver says so; any other conflict is a refusal.
const DUPLICATE_HINT = /\b(duplicate|already (?:processed|received|delivered|exists))\b/i;
const QUOTED_BODY_CHARS = 200;

function headerText(headers: DeliveryResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function quote(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (!text) return '';
  return `: ${text.length > QUOTED_BODY_CHARS ? `${text.slice(0, QUOTED_BODY_CHARS)}…` : text}`;
}

/**
 * Maps a subscriber's HTTP answer onto a Receipt or the hub's error taxonomy. Pure. Follows the
 * status handling the Standard Webhooks specification suggests: 2xx succeeds, redirects are not
 * followed, 410 disables, 429 and 5xx throttle/retry honouring Retry-After.
 *
 * - 2xx: applied (`externalRef` = `x-request-id` if sent)
 * - 409 whose body says duplicate / already processed: duplicate (the receiver deduped on webhook-id)
 * - 3xx: INVALID, the subscriber must register the new URL (Location quoted)
 * - 408, 425, 5xx: TEMPORARY; 429: RATE_LIMITED (both with Retry-After when given)
 * - 410: PERMANENT marked `gone` (the hub disables the subscription); 401, 403: PERMANENT; any other 4xx: INVALID
 */
export function mapDeliveryResponse(res: DeliveryResponse, now: number = Date.now()): Receipt | ConnectorError {
  const { status } = res;
  const requestId = headerText(res.headers, 'x-request-id');
  const retryAfter = retryAfterMs(headerText(res.headers, 'retry-after'), now);
  const details = { httpStatus: status, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) };
  const said = `subscriber answered HTTP ${status}`;

  if (status >= 200 && status < 300) return { outcome: 'applied', ...(requestId ? { externalRef: requestId } : {}) };
  if (status === 409 && DUPLICATE_HINT.test(res.body)) {
    return { outcome: 'duplicate', ...(requestId ? { externalRef: requestId } : {}), detail: `HTTP 409${quote(res.body)}` };
  }
  if (status >= 300 && status < 400) {
    const location = headerText(res.headers, 'location') ?? '(no Location header)';
    return new ConnectorError('INVALID', `${said} redirecting to ${location}; redirects are not followed, register the new URL instead`, details);
  }
  if (status === 429) return new ConnectorError('RATE_LIMITED', `${said} (rate limited)${quote(res.body)}`, details);
  if (status === 408 || status === 425 || status >= 500) return new ConnectorError('TEMPORARY', `${said}${quote(res.body)}`, details);
  if (status === 410) return new ConnectorError('PERMANENT', `${said} (Gone): the subscriber no longer wants deliveries; the hub disables the subscription`, { ...details, gone: true });
  if (status === 401 || status === 403) {
    return new ConnectorError('PERMANENT', `${said}: the subscriber refuses our signature or access; check the secret they hold${quote(res.body)}`, details);
  }
  return new ConnectorError('INVALID', `${said}${quote(res.body)}`, details);
}
