import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32).toString('base64'));

  it('round-trips and never stores the plaintext', () => {
    const sealed = cipher.encrypt('whsec_top-secret');
    expect(sealed).not.toContain('top-secret');
    expect(cipher.decrypt(sealed)).toBe('whsec_top-secret');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('x')).not.toBe(cipher.encrypt('x'));
  });

  it('refuses tampered data and other keys', () => {
    const sealed = cipher.encrypt('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
    expect(() => new SecretCipher(randomBytes(32).toString('base64')).decrypt(sealed)).toThrow();
  });

  it('rejects keys of the wrong size', () => {
    expect(() => new SecretCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
