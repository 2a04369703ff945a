import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a sealed value did not open: `unknown_key` heals once the process holds its key; `not_openable` never does. */
export type SealedSecretFailure = 'malformed' | 'unknown_key' | 'not_openable';

export class SealedSecretError extends Error {
  constructor(readonly reason: SealedSecretFailure, message: string) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

/** The hub's keys: `encryptionKey` seals and opens; `previousEncryptionKeys` (comma-separated) only open, during a key change. */
export interface SealingKeySettings {
  encryptionKey: string;
  previousEncryptionKeys?: string;
}

/** The id written into every value a key seals: the first 8 hex digits of the key's SHA-256 (no secret: it names, it does not open). */
export function encryptionKeyId(base64Key: string): string {
  return createHash('sha256').update(decodeKey(base64Key)).digest('hex').slice(0, 8);
}

/**
 * Seals secrets at rest (webhook secrets) with AES-256-GCM, each bound to the record it belongs to.
 * Stored form: `v2.<keyId>.<iv b64>.<tag b64>.<ciphertext b64>`, with the record's binding (e.g.
 * `subscriptions/<id>/sealedSecret`) as associated data: the value opens only for that record, under the key
 * it names, with its full 16-byte tag. Older keys open what they sealed while a key change is under way
 * (`npm run secrets:reseal` moves everything to the current key). Values of the first format,
 * `v1.<iv>.<tag>.<ciphertext>` (no key id, no binding), still open until they are re-sealed.
 */
export class SecretCipher {
  /** The id of the key that seals. */
  readonly keyId: string;
  private readonly keys = new Map<string, Buffer>();
  private readonly given: string[];

  constructor(currentKey: string, previousKeys: string[] = []) {
    this.given = [currentKey, ...previousKeys];
    this.keyId = encryptionKeyId(currentKey);
    this.keys.set(this.keyId, decodeKey(currentKey));
    for (const k of previousKeys) if (!this.keys.has(encryptionKeyId(k))) this.keys.set(encryptionKeyId(k), decodeKey(k));
  }

  static fromSettings(s: SealingKeySettings): SecretCipher {
    return new SecretCipher(s.encryptionKey, previousKeysOf(s));
  }

  seal(plain: string, binding: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.currentKey(), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(binding, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v2', this.keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join('.');
  }

  /** The plaintext of a value sealed for `binding`; throws SealedSecretError naming the binding (never the value). */
  open(sealed: string, binding: string): string {
    const parts = sealed.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const [, keyId, iv, tag, data] = parts;
      const key = this.keys.get(keyId);
      if (!key) {
        throw new SealedSecretError('unknown_key', `the sealed secret of ${binding} was sealed under key ${keyId}, which this process does not hold (HUB_ENCRYPTION_KEY is key ${this.keyId}; add the old key to HUB_ENCRYPTION_KEYS_OLD)`);
      }
      return decrypt(key, iv, tag, data, binding, () => `the sealed secret of ${binding} does not open: it was sealed for another record, or altered`);
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      const [, iv, tag, data] = parts;
      for (const key of this.keys.values()) {
        try {
          return decrypt(key, iv, tag, data, undefined, () => 'not this key');
        } catch (e) {
          if ((e as SealedSecretError).reason === 'malformed') throw e;
        }
      }
      throw new SealedSecretError('not_openable', `the sealed secret of ${binding} (legacy v1) opens under none of this process's keys (HUB_ENCRYPTION_KEY, HUB_ENCRYPTION_KEYS_OLD), or was altered`);
    }
    throw new SealedSecretError('malformed', `the sealed secret of ${binding} is not a value sealed by this hub`);
  }

  /** Whether `sealed` is already in the current format under the current key (re-sealing leaves it alone). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2.${this.keyId}.`);
  }

  /** Every key this cipher was given, as written, for log redaction. */
  keysAsGiven(): string[] {
    return [...this.given];
  }

  private currentKey(): Buffer {
    return this.keys.get(this.keyId) as Buffer;
  }
}

function decrypt(key: Buffer, ivB64: string, tagB64: string, dataB64: string, binding: string | undefined, failure: () => string): string {
  const iv = Buffer.from(ivB64, 'base64');
  const tag = Buffer.from(tagB64, 'base64');
  if (iv.length !== IV_BYTES) throw new SealedSecretError('malformed', `a sealed secret${binding ? ` of ${binding}` : ''} has a ${iv.length}-byte IV; ${IV_BYTES} expected`);
  if (tag.length !== TAG_BYTES) throw new SealedSecretError('malformed', `a sealed secret${binding ? ` of ${binding}` : ''} has a ${tag.length}-byte tag; only full ${TAG_BYTES}-byte tags are accepted`);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (binding !== undefined) decipher.setAAD(Buffer.from(binding, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(dataB64, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedSecretError('not_openable', failure());
  }
}

function decodeKey(base64Key: string): Buffer {
  const key = Buffer.from(base64Key.trim(), 'base64');
  if (key.length !== 32) throw new Error('an encryption key must be base64 of exactly 32 bytes');
  return key;
}

function previousKeysOf(s: SealingKeySettings): string[] {
  return (s.previousEncryptionKeys ?? '').split(',').map((k) => k.trim()).filter(Boolean);
}
