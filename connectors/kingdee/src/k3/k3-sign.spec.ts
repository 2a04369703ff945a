import { createHash } from 'node:crypto';
import { loginSign, signedHeaders } from './k3-sign';

describe('K/3 LoginBySign sign', () => {
  it('hashes the ordinal-sorted concatenation (upper case before lower, digits first), SHA-256 or SHA-1, lower hex', () => {
    // Ordinal order of these five: "1700000000" < "Zed" < "acct" < "app_1" < "secret".
    const expected = createHash('sha256').update('1700000000Zedacctapp_1secret').digest('hex');
    expect(loginSign('acct', 'Zed', 'app_1', 'secret', '1700000000', 'sha256')).toBe(expected);
    expect(loginSign('acct', 'Zed', 'app_1', 'secret', '1700000000', 'sha1')).toBe(createHash('sha1').update('1700000000Zedacctapp_1secret').digest('hex'));
  });
});

describe('K/3 signed headers', () => {
  it('signs the canonical request and the app data as base64 of hex HMAC-SHA256', () => {
    const h = signedHeaders({ path: '/k3cloud/x.kdsvc', appId: 'app', appSecret: 's', gwSecret: 'g', acctId: 'a', user: 'u', lcid: 2052, orgNum: '100', clientId: 'c', now: 1_700_000_000_000, nonce: 'n1' });
    expect(h['x-api-timestamp']).toBe('1700000000');
    expect(Buffer.from(h['X-Kd-Appdata'], 'base64').toString()).toBe('a,u,2052,100');
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const canonical = `POST\n${encodeURIComponent('/k3cloud/x.kdsvc')}\n\nx-api-nonce:n1\nx-api-timestamp:1700000000\n`;
    expect(h['X-Api-Signature']).toBe(Buffer.from(createHmac('sha256', 'g').update(canonical).digest('hex')).toString('base64'));
    expect(h['X-Kd-Signature']).toBe(Buffer.from(createHmac('sha256', 's').update(`app${h['X-Kd-Appdata']}`).digest('hex')).toString('base64'));
  });
});
