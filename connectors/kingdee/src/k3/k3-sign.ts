import { createHash, createHmac, randomBytes } from 'node:crypto';

/** LoginBySign `sign`: lower-hex SHA-256 (SHA-1 before ~8.0.0.202205) of the ordinal-sorted concatenation [K1]. */
export function loginSign(acctId: string, user: string, appId: string, appSecret: string, ts: string, algorithm: 'sha256' | 'sha1'): string {
  const parts = [acctId, user, appId, appSecret, ts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash(algorithm).update(parts.join(''), 'utf8').digest('hex');
}

const hmacHexB64 = (key: string, data: string) => Buffer.from(createHmac('sha256', key).update(data, 'utf8').digest('hex'), 'utf8').toString('base64');

/**
 * Stateless signed headers of the Java SDK 8.x [K1] (UNCONFIRMED against a live server; K3.md). `gwSecret` is
 * passed in: the SDK derives it from the appId suffix, which is not documented.
 */
export function signedHeaders(input: { path: string; appId: string; appSecret: string; gwSecret: string; acctId: string; user: string; lcid: number; orgNum: string; clientId: string; now: number; nonce?: string }): Record<string, string> {
  const ts = String(Math.floor(input.now / 1000));
  const nonce = input.nonce ?? randomBytes(8).toString('hex');
  const canonical = `POST\n${encodeURIComponent(input.path)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${ts}\n`;
  const appData = Buffer.from(`${input.acctId},${input.user},${input.lcid},${input.orgNum}`, 'utf8').toString('base64');
  return {
    'X-Api-ClientID': input.clientId,
    'X-Api-Auth-Version': '2.0',
    'x-api-timestamp': ts,
    'x-api-nonce': nonce,
    'x-api-signheaders': 'X-Api-TimeStamp,X-Api-Nonce',
    'X-Api-Signature': hmacHexB64(input.gwSecret, canonical),
    'X-Kd-Appkey': input.appId,
    'X-Kd-Appdata': appData,
    'X-Kd-Signature': hmacHexB64(input.appSecret, input.appId + appData),
  };
}
