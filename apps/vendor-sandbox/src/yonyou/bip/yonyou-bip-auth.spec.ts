import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import type { SandboxSeed } from '../../sandbox-options';
import { call, fetchToken, gateway, signature, tokenQuery } from './yonyou-bip.test-kit';

const APP_KEY = 'app-key-a';
const APP_SECRET = 'app-secret-a-0123456789';
const TOKEN_PATH = '/iuap-api-auth/open-auth/selfAppAuth/base/v1/getAccessToken';
const LIST = '/yonbip/hrcloud/hrcandidate/list';

const seed: SandboxSeed = {
  yonyou: {
    bip: {
      tenants: [{ tenantId: 'tenant-a', appKey: APP_KEY, appSecret: APP_SECRET }],
      candidates: [{ id: 'c-1', name: '张伟', mobile: '13800138001' }],
    },
  },
};

describe('YonBIP simulator: gateway lookup and access token', () => {
  let sandbox: SandboxApp;
  const token = (query: string) => call(sandbox.url, 'GET', `${TOKEN_PATH}?${query}`);

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, 'POST', '/_sandbox/reset'));

  it('looks up both base URLs of a known tenant on the sandbox origin, refuses an unknown one', async () => {
    expect(await call(sandbox.url, 'GET', '/open-auth/dataCenter/getGatewayAddress?tenantId=tenant-a')).toEqual({
      status: 200,
      body: { code: '00000', message: expect.any(String), data: { gatewayUrl: `${sandbox.url}/iuap-api-gateway`, tokenUrl: `${sandbox.url}/iuap-api-auth` } },
    });
    const unknown = await call(sandbox.url, 'GET', '/open-auth/dataCenter/getGatewayAddress?tenantId=nobody');
    expect(unknown.status).toBe(200);
    expect((unknown.body as { code: string }).code).not.toBe('00000');
  });

  it('issues a 7200 s token with + / = in it for a signature URL-encoded once, on both token paths', async () => {
    for (const path of [TOKEN_PATH, '/iuap-api-auth/open-auth/selfAppAuth/getAccessToken']) {
      const reply = await call(sandbox.url, 'GET', `${path}?${tokenQuery(APP_KEY, APP_SECRET)}`);
      expect(reply).toMatchObject({ status: 200, body: { code: '00000', data: { expire: 7200 } } });
      expect((reply.body as { data: { access_token: string } }).data.access_token).toMatch(/^(?=.*\+)(?=.*\/)(?=.*=).+$/);
    }
  });

  // A SHA-256 digest in Base64 always ends with "=", so the twice-encoded signature differs from the Base64 after one decoding.
  it('refuses a wrong secret, a twice-encoded signature, an unknown appKey and missing parameters', async () => {
    const ts = String(Date.now());
    const good = signature(APP_KEY, ts, APP_SECRET);
    const refusals = [
      tokenQuery(APP_KEY, 'another-secret'),
      `appKey=${APP_KEY}&timestamp=${ts}&signature=${encodeURIComponent(encodeURIComponent(good))}`,
      tokenQuery('no-such-app', APP_SECRET),
      `appKey=${APP_KEY}&timestamp=${ts}`,
    ];
    const codes = [];
    for (const query of refusals) {
      const reply = await token(query);
      expect(reply.status).toBe(200);
      expect(reply.body).not.toHaveProperty('data');
      codes.push((reply.body as { code: string }).code);
    }
    expect(codes).toEqual(['10016', '10016', '10018', '10015']);
  });

  it('accepts a timestamp 4 minutes off and refuses one 6 minutes off', async () => {
    const now = Date.now();
    expect((await token(tokenQuery(APP_KEY, APP_SECRET, now - 4 * 60_000))).body).toMatchObject({ code: '00000' });
    expect((await token(tokenQuery(APP_KEY, APP_SECRET, now + 4 * 60_000))).body).toMatchObject({ code: '00000' });
    expect((await token(tokenQuery(APP_KEY, APP_SECRET, now - 6 * 60_000))).body).toMatchObject({ code: '10017' });
    expect((await token(tokenQuery(APP_KEY, APP_SECRET, now + 6 * 60_000))).body).toMatchObject({ code: '10017' });
  });

  it('answers 310001 without a token, 310036 for a token sent unencoded (its + read as a space) or expired', async () => {
    const t = await fetchToken(sandbox.url, APP_KEY, APP_SECRET);
    expect(await gateway(sandbox.url, t, LIST, {})).toMatchObject({ status: 200, body: { code: 200 } });
    expect(await call(sandbox.url, 'POST', `/iuap-api-gateway${LIST}`, {})).toMatchObject({ status: 200, body: { code: '310001' } });
    expect(await call(sandbox.url, 'POST', `/iuap-api-gateway${LIST}?access_token=${t}`, {})).toMatchObject({ status: 200, body: { code: '310036' } });

    expect(await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/tokens/expire')).toMatchObject({ body: { expired: 1 } });
    expect(await gateway(sandbox.url, t, LIST, {})).toEqual({ status: 200, body: { code: '310036', message: '非法token' } });
    const fresh = await fetchToken(sandbox.url, APP_KEY, APP_SECRET);
    expect(fresh).not.toBe(t);
    expect((await gateway(sandbox.url, fresh, LIST, {})).body).toMatchObject({ code: 200 });
    // An HTTP 200 carrying an error code is recorded as the refusal it is.
    const listed = (await call(sandbox.url, 'GET', '/_sandbox/yonyou/bip/records?kind=query')).body as { response: { code: unknown }; outcome: string }[];
    expect(listed.map((r) => [String(r.response.code), r.outcome])).toEqual([
      ['200', 'ok'],
      ['310001', 'error'],
      ['310036', 'error'],
      ['310036', 'error'],
      ['200', 'ok'],
    ]);
  });

  it('answers an expired token with HTTP 401 and another code when the settings say so', async () => {
    await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/settings', { authErrorStatus: 401, authErrorCode: '1090003500065' });
    const t = await fetchToken(sandbox.url, APP_KEY, APP_SECRET);
    await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/tokens/expire');
    expect(await gateway(sandbox.url, t, LIST, {})).toMatchObject({ status: 401, body: { code: '1090003500065' } });
  });

  it('answers an unknown gateway path with HTTP 404 310404 before looking at the token; other paths keep Nest 404s', async () => {
    expect(await call(sandbox.url, 'POST', '/iuap-api-gateway/yonbip/hrcloud/nothing', {})).toMatchObject({ status: 404, body: { code: '310404' } });
    const control = await call(sandbox.url, 'GET', '/_sandbox/yonyou/bip/nothing');
    expect(control.status).toBe(404);
    expect(control.body).not.toHaveProperty('errcode');
  });

  it('records every call under vendor yonyou-bip with its API name', async () => {
    await call(sandbox.url, 'GET', '/open-auth/dataCenter/getGatewayAddress?tenantId=tenant-a');
    const t = await fetchToken(sandbox.url, APP_KEY, APP_SECRET);
    await gateway(sandbox.url, t, LIST, {});
    const records = (await call(sandbox.url, 'GET', '/_sandbox/yonyou/bip/records')).body as Array<{ vendor: string; api: string; kind: string; detail?: Record<string, unknown> }>;
    expect(records.map((r) => [r.vendor, r.kind, r.api])).toEqual([
      ['yonyou-bip', 'lookup', 'getGatewayAddress'],
      ['yonyou-bip', 'token', 'getAccessToken'],
      ['yonyou-bip', 'query', 'hrcandidate/list'],
    ]);
    expect(records[2].detail).toEqual({ tenantId: 'tenant-a', appKey: APP_KEY });
  });
});
