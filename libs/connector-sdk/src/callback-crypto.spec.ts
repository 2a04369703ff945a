import { createCipheriv } from 'node:crypto';
import {
  computeSignature,
  decodeAesKey,
  decryptMessage,
  CallbackCryptoError,
  type CallbackCryptoErrorReason,
  encryptMessage,
  randomNonce,
  signatureMatches,
} from './callback-crypto';

// Known vector from the official open-dingtalk/DingTalk-Callback-Crypto library (python3 sample).
const VECTOR = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  ownerKey: 'ding6ccabc44d2c8d38b',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  encrypt:
    '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  plaintext: '{"EventType":"check_url"}',
};

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OWNER = 'dingcorp123';

/** Encrypts raw bytes with the DingTalk key/IV and no padding, to build malformed messages. */
function rawEncrypt(plain: Buffer, aesKey = KEY): string {
  const key = decodeAesKey(aesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function header(msgLength: number): Buffer {
  const h = Buffer.alloc(20, 7);
  h.writeUInt32BE(msgLength, 16);
  return h;
}

function pad(data: Buffer, amount = 32 - (data.length % 32)): Buffer {
  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

function reasonOf(fn: () => unknown): CallbackCryptoErrorReason | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CallbackCryptoError) return e.reason;
    throw e;
  }
  return undefined;
}

describe('dingtalk crypto', () => {
  it('reproduces the official library test vector (signature and decryption)', () => {
    expect(computeSignature(VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(VECTOR.signature);
    expect(signatureMatches(VECTOR.signature, VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(true);
    expect(decryptMessage(VECTOR.encrypt, VECTOR.aesKey, VECTOR.ownerKey)).toBe(VECTOR.plaintext);
  });

  it('round-trips UTF-8 JSON and pads to 32-byte blocks', () => {
    const msg = JSON.stringify({ EventType: 'ats_job_deliver_change', note: '面试取消' });
    const encrypt = encryptMessage(msg, KEY, OWNER);
    expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
    expect(decryptMessage(encrypt, KEY, OWNER)).toBe(msg);
  });

  it('adds a full 32-byte block of padding when the plaintext is already aligned', () => {
    // 16 + 4 + 1 + 11 = 32 bytes before padding
    const encrypt = encryptMessage('x', KEY, OWNER, Buffer.alloc(16, 1));
    expect(Buffer.from(encrypt, 'base64').length).toBe(64);
    expect(decryptMessage(encrypt, KEY, OWNER)).toBe('x');
  });

  it('produces different ciphertexts for the same message (random prefix)', () => {
    expect(encryptMessage('same', KEY, OWNER)).not.toBe(encryptMessage('same', KEY, OWNER));
  });

  it('rejects a wrong signature in constant time without throwing', () => {
    expect(signatureMatches('0'.repeat(40), 't', '1', 'n', 'e')).toBe(false);
    expect(signatureMatches('short', 't', '1', 'n', 'e')).toBe(false);
  });

  it('rejects an EncodingAESKey that is not 43 base64 characters', () => {
    expect(reasonOf(() => decodeAesKey('short'))).toBe('invalid_aes_key');
    expect(reasonOf(() => decryptMessage(VECTOR.encrypt, `${KEY}=`, OWNER))).toBe('invalid_aes_key');
  });

  it('rejects non-base64 ciphertext', () => {
    expect(reasonOf(() => decryptMessage('not*base64!', KEY, OWNER))).toBe('bad_base64');
  });

  it('rejects ciphertext that is not a multiple of 16 bytes', () => {
    const valid = Buffer.from(encryptMessage('hello', KEY, OWNER), 'base64');
    const cut = valid.subarray(0, valid.length - 5).toString('base64');
    expect(reasonOf(() => decryptMessage(cut, KEY, OWNER))).toBe('ciphertext_length');
  });

  it('rejects truncated ciphertext (a single block)', () => {
    const valid = Buffer.from(encryptMessage('hello', KEY, OWNER), 'base64');
    expect(reasonOf(() => decryptMessage(valid.subarray(0, 16).toString('base64'), KEY, OWNER))).toBe('ciphertext_length');
  });

  it('rejects a padding byte of 0 or above 32', () => {
    const base = Buffer.concat([header(2), Buffer.from('{}'), Buffer.from(OWNER)]);
    const zero = Buffer.concat([base, Buffer.alloc(64 - base.length, 0)]);
    const big = Buffer.concat([base, Buffer.alloc(64 - base.length, 33)]);
    expect(reasonOf(() => decryptMessage(rawEncrypt(zero), KEY, OWNER))).toBe('bad_padding');
    expect(reasonOf(() => decryptMessage(rawEncrypt(big), KEY, OWNER))).toBe('bad_padding');
  });

  it('rejects inconsistent padding bytes', () => {
    const padded = pad(Buffer.concat([header(2), Buffer.from('{}'), Buffer.from(OWNER)]));
    padded[padded.length - 2] = 0;
    expect(reasonOf(() => decryptMessage(rawEncrypt(padded), KEY, OWNER))).toBe('bad_padding');
  });

  it('rejects tampered ciphertext (flipped last block garbles the padding)', () => {
    const raw = Buffer.from(encryptMessage('{"EventType":"x"}', KEY, OWNER), 'base64');
    raw[raw.length - 20] ^= 0xff;
    raw[raw.length - 1] ^= 0xff;
    const reason = reasonOf(() => decryptMessage(raw.toString('base64'), KEY, OWNER));
    expect(reason).toBeDefined();
  });

  it('rejects a length field pointing past the plaintext', () => {
    const plain = pad(Buffer.concat([header(500), Buffer.from('{}'), Buffer.from(OWNER)]));
    expect(reasonOf(() => decryptMessage(rawEncrypt(plain), KEY, OWNER))).toBe('length_out_of_range');
  });

  it('rejects a plaintext shorter than its header', () => {
    const plain = pad(Buffer.alloc(10, 1), 22);
    expect(reasonOf(() => decryptMessage(rawEncrypt(plain), KEY, OWNER))).toBe('length_out_of_range');
  });

  it('rejects a message encrypted for another owner key', () => {
    const encrypt = encryptMessage('{}', KEY, 'dingOTHER');
    expect(reasonOf(() => decryptMessage(encrypt, KEY, OWNER))).toBe('owner_key_mismatch');
    expect(reasonOf(() => decryptMessage(VECTOR.encrypt, VECTOR.aesKey, 'suiteKeyX'))).toBe('owner_key_mismatch');
  });

  it('generates alphanumeric nonces', () => {
    expect(randomNonce()).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(randomNonce(8)).toHaveLength(8);
  });
});
