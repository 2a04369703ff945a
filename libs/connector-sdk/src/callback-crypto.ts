import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The encrypted-callback scheme DingTalk and the Yonyou open platform share (DingTalk sources: doc
 * callback-event-message-body-encryption-and-decryption, open-dingtalk/DingTalk-Callback-Crypto; Yonyou: the
 * open-platform README and demo, see connectors/yonyou/README.md). Signature: lower-hex SHA-1 of the sorted
 * {token or secret, timestamp, nonce, encrypt}. Layout of the AES plaintext:
 * `random(16) | uint32be(len(msg)) | msg (UTF-8) | ownerKey`, PKCS#7-padded to 32-byte blocks by hand
 * (the official library runs the cipher with NoPadding), AES-256-CBC, key = b64decode(EncodingAESKey + "="),
 * IV = first 16 key bytes.
 */

/** Why a crypto operation failed; every reason is distinct so the verifier can answer precisely. */
export type CallbackCryptoErrorReason =
  | 'invalid_aes_key'
  | 'bad_base64'
  | 'ciphertext_length'
  | 'bad_padding'
  | 'length_out_of_range'
  | 'owner_key_mismatch';

/** A typed crypto failure; `reason` says which check failed. */
export class CallbackCryptoError extends Error {
  constructor(
    readonly reason: CallbackCryptoErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackCryptoError';
  }
}

/** The secrets of one callback subscription. */
export interface CallbackSecrets {
  /** Signing token chosen in the developer console (Yonyou: the app or suite secret). */
  token: string;
  /** 43-character EncodingAESKey. */
  aesKey: string;
  /** The key expected after the message: corpId, appKey or suiteKey, depending on the vendor and subscription type. */
  ownerKey: string;
}

const BLOCK = 32;
const HEADER = 20;
const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Decodes a 43-character EncodingAESKey into the 32-byte AES key. */
export function decodeAesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new CallbackCryptoError('invalid_aes_key', 'EncodingAESKey must be 43 base64 characters');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new CallbackCryptoError('invalid_aes_key', 'EncodingAESKey does not decode to 32 bytes');
  return key;
}

/** Lower-hex SHA-1 of {token, timestamp, nonce, encrypt} sorted as strings and concatenated. */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const joined = [token, timestamp, nonce, encrypt].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

/** Constant-time comparison of a received signature with the one computed from the parts. */
export function signatureMatches(received: string, token: string, timestamp: string, nonce: string, encrypt: string): boolean {
  const expected = Buffer.from(computeSignature(token, timestamp, nonce, encrypt), 'utf8');
  const actual = Buffer.from(received.toLowerCase(), 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function pad32(data: Buffer): Buffer {
  const amount = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

/**
 * Encrypts `msg` for a callback body or reply. `random16` is injectable for tests only; production
 * callers leave it out and get 16 fresh random bytes.
 */
export function encryptMessage(msg: string, aesKey: string, ownerKey: string, random16: Buffer = randomBytes(16)): string {
  if (random16.length !== 16) throw new RangeError('random prefix must be 16 bytes');
  const key = decodeAesKey(aesKey);
  const body = Buffer.from(msg, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = pad32(Buffer.concat([random16, length, body, Buffer.from(ownerKey, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function decodeCiphertext(encrypt: string): Buffer {
  const compact = encrypt.replace(/[\r\n\s]/g, '');
  if (!compact || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new CallbackCryptoError('bad_base64', 'encrypt is not valid base64');
  }
  const raw = Buffer.from(compact, 'base64');
  if (raw.length % 16 !== 0) {
    throw new CallbackCryptoError('ciphertext_length', `ciphertext is ${raw.length} bytes, not a multiple of 16`);
  }
  if (raw.length < BLOCK) {
    throw new CallbackCryptoError('ciphertext_length', `ciphertext is truncated (${raw.length} bytes)`);
  }
  return raw;
}

function stripPadding(plain: Buffer): Buffer {
  const amount = plain[plain.length - 1];
  if (amount < 1 || amount > BLOCK || amount > plain.length) {
    throw new CallbackCryptoError('bad_padding', `padding byte ${amount} is out of range`);
  }
  for (let i = plain.length - amount; i < plain.length; i++) {
    if (plain[i] !== amount) throw new CallbackCryptoError('bad_padding', 'padding bytes are inconsistent');
  }
  return plain.subarray(0, plain.length - amount);
}

/** Decrypts a callback `encrypt` value and checks the trailing owner key; returns the message text. */
export function decryptMessage(encrypt: string, aesKey: string, ownerKey: string): string {
  const key = decodeAesKey(aesKey);
  const raw = decodeCiphertext(encrypt);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const content = stripPadding(Buffer.concat([decipher.update(raw), decipher.final()]));
  if (content.length < HEADER) {
    throw new CallbackCryptoError('length_out_of_range', 'plaintext is shorter than its 20-byte header');
  }
  const msgLength = content.readUInt32BE(16);
  if (msgLength > content.length - HEADER) {
    throw new CallbackCryptoError('length_out_of_range', `length field ${msgLength} exceeds the ${content.length - HEADER} bytes present`);
  }
  const owner = content.subarray(HEADER + msgLength);
  const expected = Buffer.from(ownerKey, 'utf8');
  if (owner.length !== expected.length || !timingSafeEqual(owner, expected)) {
    throw new CallbackCryptoError('owner_key_mismatch', 'the owner key inside the message does not match this connection');
  }
  return content.subarray(HEADER, HEADER + msgLength).toString('utf8');
}

/** A fresh 16-character alphanumeric nonce, as the official library generates. */
export function randomNonce(length = 16): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += NONCE_ALPHABET[b % NONCE_ALPHABET.length];
  return out;
}
