import { callbackSignature, decryptCallback, encryptCallback, randomNonce } from '../../common/callback-crypto';
import { parseMaybeJson } from './yonyou-bip-http';
import type { BipPushReplyMode, BipTenant } from './yonyou-bip.types';

/**
 * The open-platform push body [Y1 isv-demo/corp-demo README, `IsvEventCrypto`, `EncryptionHolder`]:
 * `{msgSignature, timestamp: <number, ms>, nonce, encrypt}` POSTed as JSON; msgSignature = lower-hex
 * SHA1(sort(secret, timestamp, nonce, encrypt)); encrypt = AES (the DingTalk layout, shared callback-crypto) of the
 * event JSON with the owner key (appKey / suiteKey) after it.
 */
export interface BipPushBody {
  msgSignature: string;
  timestamp: number;
  nonce: string;
  encrypt: string;
}

/** Deliberate faults, each meant to be refused by a correct receiver for one reason. */
export const PUSH_TAMPERS = ['signature', 'ownerKey', 'ciphertext', 'stale'] as const;
export type BipPushTamper = (typeof PUSH_TAMPERS)[number];

export type BipPushCredentials = NonNullable<BipTenant['push']>;

export function buildPushBody(
  push: BipPushCredentials,
  eventJson: string,
  options: { tamper?: BipPushTamper; staleSeconds?: number; now?: number } = {},
): BipPushBody {
  const now = options.now ?? Date.now();
  const tamper = options.tamper;
  // Stale: a correct signature over a timestamp outside the receiver's replay window.
  const timestamp = tamper === 'stale' ? now - (options.staleSeconds ?? 600) * 1000 : now;
  const nonce = randomNonce(16);
  // ownerKey: well-formed ciphertext whose plaintext ends with someone else's key.
  const ownerKey = tamper === 'ownerKey' ? `${push.ownerKey}-not-this-app` : push.ownerKey;
  let encrypt = encryptCallback(eventJson, push.aesKey, ownerKey);
  if (tamper === 'ciphertext') {
    // Cut 5 bytes: the ciphertext is no longer a whole number of AES blocks; signed as sent.
    const raw = Buffer.from(encrypt, 'base64');
    encrypt = raw.subarray(0, raw.length - 5).toString('base64');
  }
  // signature: signed with a wrong secret, so everything else about the push is right.
  const secret = tamper === 'signature' ? `${push.secret}-wrong` : push.secret;
  return { msgSignature: callbackSignature(secret, String(timestamp), nonce, encrypt), timestamp, nonce, encrypt };
}

/** Undefined when the reply is "success" in a form `mode` accepts; otherwise why not. */
export function checkPushReply(status: number, text: string, push: BipPushCredentials, mode: BipPushReplyMode): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  const plain = text.trim() === 'success' ? undefined : `reply is not the text "success"`;
  if (mode === 'plain') return plain;
  const encrypted = checkEncryptedReply(text, push);
  if (mode === 'encrypted') return encrypted;
  return plain === undefined || encrypted === undefined ? undefined : `neither plain (${plain}) nor encrypted (${encrypted})`;
}

/** An encrypted reply is `IsvEventCrypto.encryptMsg("success")`: the push body's shape around an encrypted "success". */
function checkEncryptedReply(text: string, push: BipPushCredentials): string | undefined {
  const reply = parseMaybeJson(text);
  if (typeof reply !== 'object' || reply === null) return 'reply is not a JSON object';
  const fields = reply as Record<string, unknown>;
  for (const name of ['msgSignature', 'timestamp', 'nonce', 'encrypt']) {
    const value = fields[name];
    if ((typeof value !== 'string' && typeof value !== 'number') || value === '') return `reply misses ${name}`;
  }
  const [signature, timestamp, nonce, encrypt] = ['msgSignature', 'timestamp', 'nonce', 'encrypt'].map((n) => String(fields[n]));
  if (callbackSignature(push.secret, timestamp, nonce, encrypt) !== signature) return 'msgSignature does not match';
  let decrypted;
  try {
    decrypted = decryptCallback(encrypt, push.aesKey);
  } catch (error) {
    return `encrypt does not decrypt: ${(error as Error).message}`;
  }
  if (decrypted.ownerKey !== push.ownerKey) return `owner key "${decrypted.ownerKey}" is not "${push.ownerKey}"`;
  if (decrypted.message !== 'success') return `reply decrypts to "${decrypted.message}", not "success"`;
  return undefined;
}
