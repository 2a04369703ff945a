import { WebhookRejectedError, type CallbackSecrets, type Connection } from '@hub/connector-sdk';

/**
 * The EncodingAESKey of a self-built app's pushes, derived from its appSecret as the official self-built-app demo
 * does (yonyoucloud-open/corp-demo `PrivateAppCrypto.buildAesKeyFromSecret`, corp-demo-python `_aes_key_from_secret`):
 * dashes removed, then cut or right-padded with "0" to 43 characters.
 */
export function aesKeyFromSecret(appSecret: string): string {
  const key = appSecret.replace(/-/g, '');
  return key.length >= 43 ? key.slice(0, 43) : key.padEnd(43, '0');
}

/**
 * The push secrets of a connection [Y1]: signing secret = credential `pushSecret` (the README says appSecret, the ISV
 * demo suiteSecret), else `appSecret`; AES key = `aesKey`, else derived from `appSecret`; owner key = `ownerKey`
 * (suiteKey for ISV suites), else `appKey`. A connection with none of these cannot take pushes.
 */
export function pushSecrets(conn: Connection): CallbackSecrets {
  const c = conn.credentials;
  const token = c.pushSecret || c.appSecret;
  const aesKey = c.aesKey || (c.appSecret ? aesKeyFromSecret(c.appSecret) : undefined);
  const ownerKey = c.ownerKey || c.appKey;
  if (!token || !aesKey || !ownerKey) {
    throw new WebhookRejectedError('unsupported', `connection ${conn.id} has no push credentials (pushSecret or appSecret, aesKey, ownerKey or appKey)`, 503);
  }
  return { token, aesKey, ownerKey };
}
