import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { SealedSecretError, SecretCipher, encryptionKeyId } from './secret-cipher';

const newKey = () => randomBytes(32).toString('base64');
const A = 'subscriptions/sub_A/sealedSecret';
const B = 'subscriptions/sub_B/sealedSecret';

/** A value in the first format (`v1.<iv>.<tag>.<ct>`, no binding), as earlier versions of the hub stored it. */
function sealV1(key: string, plain: string, tagBytes = 16): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv, { authTagLength: tagBytes });
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), data.toString('base64')].join('.');
}

function failure(fn: () => unknown): SealedSecretError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SealedSecretError) return e;
    throw e;
  }
  throw new Error('expected a SealedSecretError');
}

describe('SecretCipher', () => {
  const key = newKey();
  const cipher = new SecretCipher(key);

  it('round-trips for the same record and never stores the plaintext', () => {
    const sealed = cipher.seal('whsec_top-secret', A);
    expect(sealed).not.toContain('top-secret');
    expect(cipher.open(sealed, A)).toBe('whsec_top-secret');
  });

  it('writes v2 with the id of the sealing key: the first 8 hex digits of its SHA-256', () => {
    const id = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 8);
    expect(cipher.keyId).toBe(id);
    expect(encryptionKeyId(key)).toBe(id);
    expect(cipher.seal('x', A).split('.').slice(0, 2)).toEqual(['v2', id]);
    expect(cipher.isCurrent(cipher.seal('x', A))).toBe(true);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.seal('x', A)).not.toBe(cipher.seal('x', A));
  });

  it('does not open a sealed value moved to another record, and says so without the value', () => {
    const sealed = cipher.seal('whsec_moved', A);
    const e = failure(() => cipher.open(sealed, B));
    expect(e.reason).toBe('not_openable');
    expect(e.message).toBe(`the sealed secret of ${B} does not open: it was sealed for another record, or altered`);
    expect(e.message).not.toContain('whsec_moved');
  });

  it('refuses tampered ciphertext, tags and key ids', () => {
    const parts = cipher.seal('secret', A).split('.');
    const withPart = (i: number, v: string) => parts.map((p, j) => (j === i ? v : p)).join('.');
    expect(failure(() => cipher.open(withPart(4, Buffer.from('tampered').toString('base64')), A)).reason).toBe('not_openable');
    const tag = Buffer.from(parts[3], 'base64');
    tag[0] ^= 1;
    expect(failure(() => cipher.open(withPart(3, tag.toString('base64')), A)).reason).toBe('not_openable');
    expect(failure(() => cipher.open(withPart(1, '00000000'), A)).reason).toBe('unknown_key');
    expect(failure(() => cipher.open('v3.x.y', A)).reason).toBe('malformed');
  });

  it('accepts only full 16-byte tags', () => {
    const parts = cipher.seal('secret', A).split('.');
    parts[3] = Buffer.from(parts[3], 'base64').subarray(0, 12).toString('base64');
    const e = failure(() => cipher.open(parts.join('.'), A));
    expect(e.reason).toBe('malformed');
    expect(e.message).toMatch(/12-byte tag; only full 16-byte tags are accepted/);
    // the legacy format too: a value sealed with a 4-byte tag (which GCM would otherwise accept) is refused
    expect(failure(() => cipher.open(sealV1(key, 'secret', 4), A)).message).toMatch(/4-byte tag/);
  });

  it('opens values of an old key listed as previous, and names the key it lacks otherwise', () => {
    const oldKey = newKey();
    const sealedUnderOld = new SecretCipher(oldKey).seal('whsec_old', A);
    const rotated = new SecretCipher(newKey(), [oldKey]);
    expect(rotated.open(sealedUnderOld, A)).toBe('whsec_old');
    expect(rotated.isCurrent(sealedUnderOld)).toBe(false);
    expect(rotated.isCurrent(rotated.seal('x', A))).toBe(true);
    const e = failure(() => new SecretCipher(newKey()).open(sealedUnderOld, A));
    expect(e.reason).toBe('unknown_key');
    expect(e.message).toContain(`sealed under key ${encryptionKeyId(oldKey)}`);
    expect(e.message).toContain('HUB_ENCRYPTION_KEYS_OLD');
  });

  it('reads the legacy v1 format (no key id, no binding) under the current or an old key', () => {
    expect(cipher.open(sealV1(key, 'whsec_legacy'), A)).toBe('whsec_legacy');
    const oldKey = newKey();
    expect(new SecretCipher(newKey(), [oldKey]).open(sealV1(oldKey, 'whsec_legacy'), B)).toBe('whsec_legacy');
    expect(cipher.isCurrent(sealV1(key, 'x'))).toBe(false);
    expect(failure(() => new SecretCipher(newKey()).open(sealV1(key, 'x'), A)).reason).toBe('not_openable');
  });

  it('reads its keys from the config settings (comma-separated previous keys) and lists them for redaction', () => {
    const [current, old1, old2] = [newKey(), newKey(), newKey()];
    const c = SecretCipher.fromSettings({ encryptionKey: current, previousEncryptionKeys: ` ${old1}, ${old2} ,` });
    expect(c.keyId).toBe(encryptionKeyId(current));
    expect(c.keysAsGiven().sort()).toEqual([current, old1, old2].sort());
    expect(c.open(new SecretCipher(old2).seal('s', A), A)).toBe('s');
    expect(SecretCipher.fromSettings({ encryptionKey: current, previousEncryptionKeys: '' }).keysAsGiven()).toEqual([current]);
  });

  it('rejects keys of the wrong size', () => {
    expect(() => new SecretCipher(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => new SecretCipher(newKey(), [randomBytes(16).toString('base64')])).toThrow(/32 bytes/);
  });
});
