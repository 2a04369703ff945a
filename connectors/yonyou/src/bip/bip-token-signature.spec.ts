import { tokenQuery, tokenSignature } from './bip-token-signature';

// Vector computed outside this code base with `openssl dgst -sha256 -hmac <secret> -binary | base64` over
// "appKey<appKey>timestamp<timestamp>" (appKey and timestamp as in a public caller of the Y2 page).
const APP_KEY = '41832a3d2df94989b500da6a22268747';
const TIMESTAMP = 1568098531823;
const SECRET = 'secret-0123456789';
const EXPECTED = 'xzUY4O+JUtdURWhsszUxUCTdjBG/O87neIDPaxpBrOE=';

describe('YonBIP token signature', () => {
  it('is Base64(HmacSHA256(appSecret, "appKey<k>timestamp<t>")), matching an independently computed vector', () => {
    expect(tokenSignature({ appKey: APP_KEY, timestamp: String(TIMESTAMP) }, SECRET)).toBe(EXPECTED);
  });

  it('sorts the parameters by name and leaves signature itself out', () => {
    expect(tokenSignature({ timestamp: String(TIMESTAMP), signature: 'ignored', appKey: APP_KEY }, SECRET)).toBe(EXPECTED);
    expect(tokenSignature({ appKey: APP_KEY, timestamp: String(TIMESTAMP + 1) }, SECRET)).not.toBe(EXPECTED);
  });

  it('URL-encodes the signature exactly once in the query (+ / = escaped, no %25)', () => {
    const query = tokenQuery(APP_KEY, TIMESTAMP, SECRET);
    expect(query).toBe(`appKey=${APP_KEY}&timestamp=${TIMESTAMP}&signature=xzUY4O%2BJUtdURWhsszUxUCTdjBG%2FO87neIDPaxpBrOE%3D`);
    expect(new URLSearchParams(query).get('signature')).toBe(EXPECTED);
  });
});
