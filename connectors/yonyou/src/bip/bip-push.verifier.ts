import { createHash } from 'node:crypto';
import {
  CallbackCryptoError,
  computeSignature,
  decryptMessage,
  encryptMessage,
  randomNonce,
  signatureMatches,
  WebhookRejectedError,
  type CallbackSecrets,
  type Connection,
  type RawWebhook,
  type VerifiedWebhook,
} from '@hub/connector-sdk';
import { record, text } from '../shared';
import { pushSecrets } from './bip-push-secrets';
import { resolveSettings, type BipSettings } from './bip-settings';
import { PUSH_KIND_PREFIX } from './bip.types';

/** The decrypted type the open platform sends when a push URL is saved [Y1]. */
export const CHECK_URL_EVENT = 'CHECK_URL';
const FIELDS = ['msgSignature', 'timestamp', 'nonce', 'encrypt'] as const;

function readBody(rawBody: Buffer): Record<(typeof FIELDS)[number], string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookRejectedError('malformed_body', 'push body is not JSON', 400);
  }
  const body = record(parsed);
  if (!body) throw new WebhookRejectedError('malformed_body', 'push body is not a JSON object', 400);
  // `timestamp` is a JSON number in the demos; signatures are computed over its decimal text.
  const values = Object.fromEntries(FIELDS.map((f) => [f, text(body[f])]));
  const missing = FIELDS.filter((f) => !values[f]);
  if (missing.length) throw new WebhookRejectedError('missing_parameter', `push body lacks ${missing.join(', ')}`, 400);
  return values as Record<(typeof FIELDS)[number], string>;
}

function checkReplayWindow(timestamp: string, windowSeconds: number, nowMs: number): void {
  if (windowSeconds === 0) return;
  if (!/^\d{1,16}$/.test(timestamp)) throw new WebhookRejectedError('stale_timestamp', `timestamp "${timestamp}" is not epoch milliseconds`, 401);
  const skewMs = nowMs - Number(timestamp);
  if (Math.abs(skewMs) > windowSeconds * 1000) {
    throw new WebhookRejectedError('stale_timestamp', `timestamp is ${Math.round(Math.abs(skewMs) / 1000)} s ${skewMs > 0 ? 'old' : 'in the future'} (window ${windowSeconds} s)`, 401);
  }
}

function decrypt(encrypt: string, secrets: CallbackSecrets): string {
  try {
    return decryptMessage(encrypt, secrets.aesKey, secrets.ownerKey);
  } catch (e) {
    if (!(e instanceof CallbackCryptoError)) throw e;
    if (e.reason === 'owner_key_mismatch') throw new WebhookRejectedError('owner_key_mismatch', e.message, 401);
    if (e.reason === 'invalid_aes_key') throw new WebhookRejectedError('unsupported', `connection aesKey is unusable: ${e.message}`, 503);
    throw new WebhookRejectedError('bad_ciphertext', `${e.reason}: ${e.message}`, 400);
  }
}

/**
 * The answer the open platform expects: plain `success` (what both official demos return) or, with setting
 * `pushReply: encrypted`, the encrypted "success" the README asks for, as `IsvEventCrypto.encryptMsg` writes it
 * (`{msgSignature, timestamp, nonce, encrypt}`, timestamp a JSON number).
 */
export function pushReply(settings: Pick<BipSettings, 'pushReply'>, secrets: CallbackSecrets, nowMs: number): VerifiedWebhook['reply'] {
  if (settings.pushReply === 'plain') return { status: 200, contentType: 'text/plain', body: 'success' };
  const encrypt = encryptMessage('success', secrets.aesKey, secrets.ownerKey);
  const nonce = randomNonce();
  const msgSignature = computeSignature(secrets.token, String(nowMs), nonce, encrypt);
  return { status: 200, contentType: 'application/json', body: JSON.stringify({ msgSignature, timestamp: nowMs, nonce, encrypt }) };
}

/**
 * Verifies one open-platform push [Y1]: body fields, SHA-1 signature over the sorted (secret, timestamp, nonce,
 * encrypt), timestamp within `replayWindowSeconds`, AES decryption and owner key. `CHECK_URL` is the handshake; any
 * other type is stored as one event (`push:<type>`, id = `eventId`, else the SHA-256 of the plaintext).
 */
export function verifyBipPush(req: RawWebhook, conn: Connection, nowMs: number): VerifiedWebhook {
  const secrets = pushSecrets(conn);
  const settings = resolveSettings(conn);
  const body = readBody(req.rawBody);
  if (!signatureMatches(body.msgSignature, secrets.token, body.timestamp, body.nonce, body.encrypt)) {
    throw new WebhookRejectedError('bad_signature', 'msgSignature does not match', 401);
  }
  checkReplayWindow(body.timestamp, settings.replayWindowSeconds, nowMs);
  const plaintext = decrypt(body.encrypt, secrets);
  let msg: Record<string, unknown> | undefined;
  try {
    msg = record(JSON.parse(plaintext));
  } catch {
    msg = undefined;
  }
  const type = text(msg?.type);
  if (!msg || !type) throw new WebhookRejectedError('malformed_body', 'decrypted push is not a JSON object with a type', 400);
  const reply = pushReply(settings, secrets, nowMs);
  if (type === CHECK_URL_EVENT) return { events: [], reply, handshake: true };
  const externalEventId = text(msg.eventId) ?? `sha256:${createHash('sha256').update(plaintext, 'utf8').digest('hex')}`;
  return { events: [{ externalEventId, kind: `${PUSH_KIND_PREFIX}${type}`, mode: 'webhook', payload: plaintext }], reply, handshake: false };
}
