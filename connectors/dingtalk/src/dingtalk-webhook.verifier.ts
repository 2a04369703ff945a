import { createHash } from 'node:crypto';
import {
  CallbackCryptoError,
  decryptMessage,
  signatureMatches,
  WebhookRejectedError,
  type CallbackSecrets,
  type Connection,
  type RawWebhook,
  type VendorEvent,
  type VerifiedWebhook,
} from '@hub/connector-sdk';
import { encryptReply } from './dingtalk-crypto';
import { resolveSettings } from './dingtalk-settings';

/** The decrypted event type DingTalk sends when a callback URL is saved. */
export const CHECK_URL_EVENT = 'check_url';

function firstOf(query: RawWebhook['query'], ...names: string[]): string | undefined {
  for (const name of names) {
    const v = query[name];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/** Reads the callback secrets of a connection; a connection without them cannot take pushes. */
export function callbackSecrets(conn: Connection): CallbackSecrets {
  const { token, aesKey, ownerKey } = conn.credentials;
  if (!token || !aesKey || !ownerKey) {
    throw new WebhookRejectedError('unsupported', `connection ${conn.id} has no callback credentials (token, aesKey, ownerKey)`, 503);
  }
  return { token, aesKey, ownerKey };
}

function parseEncryptBody(rawBody: Buffer): string {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookRejectedError('malformed_body', 'body is not JSON', 400);
  }
  const encrypt = body && typeof body === 'object' ? (body as Record<string, unknown>).encrypt : undefined;
  if (typeof encrypt !== 'string' || !encrypt) {
    throw new WebhookRejectedError('malformed_body', 'body has no "encrypt" string', 400);
  }
  return encrypt;
}

function checkReplayWindow(timestamp: string, windowSeconds: number, nowMs: number): void {
  if (windowSeconds === 0) return;
  if (!/^\d{1,16}$/.test(timestamp)) {
    throw new WebhookRejectedError('stale_timestamp', `timestamp "${timestamp}" is not epoch milliseconds`, 401);
  }
  const skewMs = nowMs - Number(timestamp);
  if (Math.abs(skewMs) > windowSeconds * 1000) {
    const where = skewMs > 0 ? 'old' : 'far in the future';
    throw new WebhookRejectedError('stale_timestamp', `timestamp is ${Math.round(Math.abs(skewMs) / 1000)} s too ${where} (window ${windowSeconds} s)`, 401);
  }
}

function decrypt(encrypt: string, secrets: CallbackSecrets): string {
  try {
    return decryptMessage(encrypt, secrets.aesKey, secrets.ownerKey);
  } catch (e) {
    if (!(e instanceof CallbackCryptoError)) throw e;
    if (e.reason === 'owner_key_mismatch') throw new WebhookRejectedError('owner_key_mismatch', e.message, 403);
    if (e.reason === 'invalid_aes_key') throw new WebhookRejectedError('unsupported', `connection aesKey is unusable: ${e.message}`, 503);
    throw new WebhookRejectedError('bad_ciphertext', `${e.reason}: ${e.message}`, 400);
  }
}

/**
 * The inbox key of a push: its `eventId`, else `BizId`, else the SHA-256 of the decrypted text. The failed-push
 * recovery keys its copies the same way, so a push and its failed-list copy are one inbox record.
 */
export function pushEventId(msg: Record<string, unknown>, plaintext: string): string {
  for (const key of ['eventId', 'BizId']) {
    const v = msg[key];
    if ((typeof v === 'string' && v) || typeof v === 'number') return String(v);
  }
  return `sha256:${createHash('sha256').update(plaintext, 'utf8').digest('hex')}`;
}

/**
 * Verifies one DingTalk HTTP callback (doc http-callback-overview): parameters, body, SHA-1 signature,
 * replay window, AES decryption and owner key, then builds the encrypted "success" reply.
 * `nowMs` is injectable so specs can fix the clock.
 */
export async function verifyDingTalkWebhook(req: RawWebhook, conn: Connection, nowMs: number = Date.now()): Promise<VerifiedWebhook> {
  const secrets = callbackSecrets(conn);
  const settings = resolveSettings(conn);
  const signature = firstOf(req.query, 'signature', 'msg_signature');
  const timestamp = firstOf(req.query, 'timestamp', 'timeStamp');
  const nonce = firstOf(req.query, 'nonce');
  const missing = [!signature && 'signature', !timestamp && 'timestamp', !nonce && 'nonce'].filter(Boolean);
  if (!signature || !timestamp || !nonce) {
    throw new WebhookRejectedError('missing_parameter', `missing query parameter(s): ${missing.join(', ')}`, 400);
  }
  const encrypt = parseEncryptBody(req.rawBody);
  if (!signatureMatches(signature, secrets.token, timestamp, nonce, encrypt)) {
    throw new WebhookRejectedError('bad_signature', 'signature does not match', 401);
  }
  checkReplayWindow(timestamp, settings.replayWindowSeconds, nowMs);
  const plaintext = decrypt(encrypt, secrets);

  let msg: unknown;
  try {
    msg = JSON.parse(plaintext);
  } catch {
    throw new WebhookRejectedError('malformed_body', 'decrypted message is not JSON', 400);
  }
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
    throw new WebhookRejectedError('malformed_body', 'decrypted message is not a JSON object', 400);
  }
  const record = msg as Record<string, unknown>;
  const eventType = record.EventType;
  if (typeof eventType !== 'string' || !eventType) {
    throw new WebhookRejectedError('malformed_body', 'decrypted message has no EventType', 400);
  }

  const reply = { status: 200, contentType: 'application/json', body: JSON.stringify(encryptReply('success', secrets, nowMs)) };
  if (eventType === CHECK_URL_EVENT) return { events: [], reply, handshake: true };
  const event: VendorEvent = { externalEventId: pushEventId(record, plaintext), kind: eventType, mode: 'webhook', payload: plaintext };
  return { events: [event], reply, handshake: false };
}
