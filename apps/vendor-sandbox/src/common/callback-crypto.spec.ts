import {
  CallbackCryptoError,
  callbackKey,
  callbackSignature,
  decryptCallback,
  encryptCallback,
  generateAesKey,
} from './callback-crypto';

// Test vector published in DingTalk's callback FAQ ("回调接口本地调试方案").
const FAQ = {
  token: '123456',
  aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij',
  ownerKey: 'suite4xxxxxxxxxxxxxxx',
  signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
  timestamp: '1445827045067',
  nonce: 'nEXhMP4r',
  encrypt:
    '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9Vr' +
    'YeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
};

describe('dingtalk callback crypto', () => {
  it('reproduces the signature of the FAQ vector', () => {
    expect(callbackSignature(FAQ.token, FAQ.timestamp, FAQ.nonce, FAQ.encrypt)).toBe(FAQ.signature);
  });

  it('decrypts the FAQ vector to its documented plaintext and owner key', () => {
    const decrypted = decryptCallback(FAQ.encrypt, FAQ.aesKey);
    expect(JSON.parse(decrypted.message)).toEqual({
      EventType: 'check_create_suite_url',
      Random: 'LPIdSnlF',
      TestSuiteKey: 'suite4xxxxxxxxxxxxxxx',
    });
    expect(decrypted.ownerKey).toBe(FAQ.ownerKey);
  });

  it('round-trips multi-byte JSON and pads to 32-byte blocks', () => {
    const aesKey = generateAesKey();
    const message = JSON.stringify({ EventType: 'ats_job_deliver_change', note: '面试取消' });
    const encrypt = encryptCallback(message, aesKey, 'ding-corp');
    expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
    expect(decryptCallback(encrypt, aesKey)).toEqual({ message, ownerKey: 'ding-corp' });
  });

  it('generates 43-char alphanumeric keys that decode to 32 bytes', () => {
    const aesKey = generateAesKey();
    expect(aesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(callbackKey(aesKey)).toHaveLength(32);
  });

  it('rejects a key of the wrong length and a truncated ciphertext', () => {
    expect(() => callbackKey('short')).toThrow(CallbackCryptoError);
    expect(() => decryptCallback('AAAA', FAQ.aesKey)).toThrow(CallbackCryptoError);
  });
});
