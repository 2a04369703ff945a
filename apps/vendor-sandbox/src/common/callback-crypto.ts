import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The encrypted-callback scheme of DingTalk's HTTP callbacks and the Yonyou open-platform push (the same
 * SHA-1 signature and AES layout), written from DingTalk's doc (callback-event-message-body-encryption-and-decryption)
 * and the DingTalk-Callback-Crypto README; deliberately independent of the connectors' implementation.
 */

const BLOCK = 32;
const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class CallbackCryptoError extends Error {}

/** key = base64decode(EncodingAESKey + "="), which must give exactly 32 bytes. */
export function callbackKey(aesKey: string): Buffer {
  if (aesKey.length !== 43) throw new CallbackCryptoError(`EncodingAESKey must have 43 chars, has ${aesKey.length}`);
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (key.length !== 32) throw new CallbackCryptoError('EncodingAESKey does not decode to 32 bytes');
  return key;
}

/** Lower-hex SHA-1 of the parts sorted as strings and concatenated. */
export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const joined = [token, timestamp, nonce, encrypt].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

export function randomNonce(length: number): string {
  return Array.from(randomBytes(length), (byte) => NONCE_ALPHABET[byte % NONCE_ALPHABET.length]).join('');
}

/** random16 | uint32be(len) | msg | ownerKey, PKCS#7-padded to 32 bytes, AES-256-CBC (iv = key[0..16)), base64. */
export function encryptCallback(message: string, aesKey: string, ownerKey: string, random = randomBytes(16)): string {
  const key = callbackKey(aesKey);
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length, 0);
  const plain = Buffer.concat([random, length, msg, Buffer.from(ownerKey, 'utf8')]);
  const padLength = BLOCK - (plain.length % BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

export interface DecryptedCallback {
  message: string;
  ownerKey: string;
}

export function decryptCallback(encrypt: string, aesKey: string): DecryptedCallback {
  const key = callbackKey(aesKey);
  const cipherText = Buffer.from(encrypt, 'base64');
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
    throw new CallbackCryptoError('ciphertext length is not a multiple of the AES block');
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  const padLength = padded[padded.length - 1];
  if (padLength < 1 || padLength > BLOCK || padLength > padded.length) throw new CallbackCryptoError('bad padding');
  const plain = padded.subarray(0, padded.length - padLength);
  if (plain.length < 20) throw new CallbackCryptoError('plaintext too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new CallbackCryptoError('declared length exceeds plaintext');
  return {
    message: plain.subarray(20, 20 + length).toString('utf8'),
    ownerKey: plain.subarray(20 + length).toString('utf8'),
  };
}

/** A console-style EncodingAESKey: 43 alphanumerics that decode to 32 bytes. */
export function generateAesKey(): string {
  for (;;) {
    const candidate = randomBytes(32).toString('base64').replace(/=+$/, '');
    if (/^[A-Za-z0-9]{43}$/.test(candidate)) return candidate;
  }
}
