import { createHash, timingSafeEqual } from 'node:crypto';
import { WebhookRejectedError, type Connection, type RawWebhook, type VerifiedWebhook } from '@hub/connector-sdk';
import { readPath, record, text } from '../shared';
import { resolveSettings } from './bip-settings';
import { EVENT_CENTER_KIND_PREFIX } from './bip.types';

/** The answer the event center counts as delivered: JSON whose `success` is the string "true" [Y5]. */
export const EVENT_CENTER_REPLY: VerifiedWebhook['reply'] = { status: 200, contentType: 'application/json', body: JSON.stringify({ success: 'true' }) };

function sameToken(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The delivery's fields. The event center's REST demo reads them with `request.getParameter` [Y5], i.e. as form
 * fields, while its send API is JSON: both are accepted. A JSON body is kept as received; a form body is stored as
 * the JSON of its fields.
 */
function readDelivery(req: RawWebhook): { fields: Record<string, unknown>; payload: string } {
  const raw = req.rawBody.toString('utf8');
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.includes('application/x-www-form-urlencoded') || (!raw.trim().startsWith('{') && raw.includes('='))) {
    const fields = Object.fromEntries(new URLSearchParams(raw).entries());
    return { fields, payload: JSON.stringify(fields) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new WebhookRejectedError('malformed_body', 'event-center body is neither JSON nor form fields', 400);
  }
  const fields = record(parsed);
  if (!fields) throw new WebhookRejectedError('malformed_body', 'event-center body is not a JSON object', 400);
  return { fields, payload: raw };
}

/**
 * The inbox key of a delivery: the event's own id (`id` as MDD subscribers receive it, `uuid`, `eventId`, or
 * `userObject.eventId`), else the SHA-256 of the body. Not `userObject.id`: that is the business object's id (the
 * candidate), which would fold every later event about the same candidate into the first.
 */
function eventId(fields: Record<string, unknown>, rawBody: Buffer): string {
  const own = text(fields.id) ?? text(fields.uuid) ?? text(fields.eventId) ?? text(readPath(fields.userObject, 'eventId'));
  return own ?? `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/**
 * Receives one YonBIP event-center delivery (`?channel=event-center`, BIP.md "Event center"). The subscription uses
 * the event center's token mode (its signed-REST format is UNCONFIRMED): credential `eventCenterToken` must equal the
 * header named by setting `eventCenter.tokenHeader`. Answers `{"success":"true"}`.
 */
export function receiveEventCenter(req: RawWebhook, conn: Connection): VerifiedWebhook {
  const expected = conn.credentials.eventCenterToken;
  if (!expected) throw new WebhookRejectedError('unsupported', `connection ${conn.id} has no eventCenterToken credential`, 503);
  const header = resolveSettings(conn).eventCenter.tokenHeader;
  const received = req.headers[header];
  if (!received) throw new WebhookRejectedError('missing_parameter', `event-center delivery has no "${header}" header`, 400);
  if (!sameToken(received, expected)) throw new WebhookRejectedError('bad_signature', `event-center "${header}" header does not match`, 401);
  const { fields, payload } = readDelivery(req);
  const eventType = text(fields.eventType);
  if (!eventType) throw new WebhookRejectedError('missing_parameter', 'event-center delivery has no eventType', 400);
  const event = { externalEventId: eventId(fields, req.rawBody), kind: `${EVENT_CENTER_KIND_PREFIX}${eventType}`, mode: 'webhook' as const, payload };
  return { events: [event], reply: EVENT_CENTER_REPLY, handshake: false };
}
