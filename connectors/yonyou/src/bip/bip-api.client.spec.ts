import { OutboundPolicy, TokenCache } from '@hub/connector-sdk';
import { BipApiClient } from './bip-api.client';
import { FakeYonBipServer } from './bip-fake.server';
import { apiRoute, connectorFailure, fakeConnection, lookupRoute, tokenRoute } from './bip-test.fixtures';

const LIST = '/yonbip/hrcloud/hrcandidate/list';

describe('BipApiClient', () => {
  let server: FakeYonBipServer;
  beforeEach(async () => {
    server = await new FakeYonBipServer().start();
  });
  afterEach(() => server.stop());

  it('looks the gateway up once, signs the token request, and sends the token URL-encoded in the query', async () => {
    server.route(lookupRoute(server)).route(tokenRoute(['tok+/A=='])).route(apiRoute(LIST, () => ({ recordList: [] })));
    const client = new BipApiClient();
    const conn = fakeConnection(server);
    await client.post(conn, LIST, { pageIndex: 1 }, 'list');
    await client.post(conn, LIST, { pageIndex: 2 }, 'list');
    expect(server.calls('/getGatewayAddress')).toHaveLength(1);
    const tokenCalls = server.calls('/getAccessToken');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0].path).toBe('/iuap-api-auth/open-auth/selfAppAuth/base/v1/getAccessToken');
    expect(tokenCalls[0].query.timestamp).toMatch(/^\d{13}$/);
    expect(tokenCalls[0].rawQuery).not.toContain('%25');
    const calls = server.calls(LIST);
    expect(calls.map((c) => c.rawQuery)).toEqual(['access_token=tok%2B%2FA%3D%3D', 'access_token=tok%2B%2FA%3D%3D']);
    expect(calls[0].query.access_token).toBe('tok+/A==');
    expect(calls[1].body).toEqual({ pageIndex: 2 });
  });

  it('uses gatewayUrl + tokenUrl from settings without a lookup, and the legacy token path when asked', async () => {
    server.route(tokenRoute()).route(apiRoute(LIST, () => ({})));
    const conn = fakeConnection(server, { gatewayUrl: `${server.baseUrl}/iuap-api-gateway/`, tokenUrl: `${server.baseUrl}/iuap-api-auth`, tokenApiVersion: 'legacy' }, { tenantId: '' });
    await new BipApiClient().post(conn, LIST, {}, 'list');
    expect(server.calls('/getGatewayAddress')).toHaveLength(0);
    expect(server.calls('/getAccessToken')[0].path).toBe('/iuap-api-auth/open-auth/selfAppAuth/getAccessToken');
  });

  it('reuses a cached gateway until gatewayCacheHours pass', async () => {
    server.route(lookupRoute(server)).route(tokenRoute()).route(apiRoute(LIST, () => ({})));
    let now = 1_700_000_000_000;
    const client = new BipApiClient({}, new TokenCache(5 * 60_000, () => now), () => now);
    const conn = fakeConnection(server, { gatewayCacheHours: 1 });
    await client.baseUrls(conn);
    now += 59 * 60_000;
    await client.baseUrls(conn);
    expect(server.calls('/getGatewayAddress')).toHaveLength(1);
    now += 2 * 60_000;
    await client.baseUrls(conn);
    expect(server.calls('/getGatewayAddress')).toHaveLength(2);
  });

  it('drops an expired token and retries exactly once with a new one', async () => {
    server
      .route(lookupRoute(server))
      .route(tokenRoute(['tok-1', 'tok-2']))
      .route((r) => (r.path.endsWith(LIST) && r.query.access_token === 'tok-1' ? { body: { code: '310036', message: '非法token' } } : undefined))
      .route(apiRoute(LIST, () => ({ recordList: [{ id: 'c-1' }] })));
    const result = await new BipApiClient().post(fakeConnection(server), LIST, {}, 'list');
    expect(result.data).toEqual({ recordList: [{ id: 'c-1' }] });
    expect(server.calls('/getAccessToken')).toHaveLength(2);
    expect(server.calls(LIST)).toHaveLength(2);
  });

  it('gives up after one refresh when the new token is refused too (AUTH_EXPIRED)', async () => {
    server.route(lookupRoute(server)).route(tokenRoute(['tok-1', 'tok-2', 'tok-3'])).route((r) => (r.path.endsWith(LIST) ? { body: { code: '310036', message: '非法token' } } : undefined));
    const e = await connectorFailure(new BipApiClient().post(fakeConnection(server), LIST, {}, 'list'));
    expect(e.kind).toBe('AUTH_EXPIRED');
    expect(server.calls(LIST)).toHaveLength(2);
  });

  it('reports refused credentials and an unknown tenant as PERMANENT, without calling the business API', async () => {
    server.route(lookupRoute(server)).route(tokenRoute());
    const badSecret = await connectorFailure(new BipApiClient().post(fakeConnection(server, {}, { appSecret: 'wrong' }), LIST, {}, 'list'));
    expect(badSecret.kind).toBe('PERMANENT');
    expect(badSecret.message).toContain('refused the appKey/appSecret');
    const badTenant = await connectorFailure(new BipApiClient().post(fakeConnection(server, {}, { tenantId: 'nope' }), LIST, {}, 'list'));
    expect(badTenant.kind).toBe('PERMANENT');
    expect(server.calls(LIST)).toHaveLength(0);
  });

  it('maps a timeout to TEMPORARY and ambiguous (the write may have been applied)', async () => {
    server.route(lookupRoute(server)).route(tokenRoute()).route((r) => (r.path.endsWith(LIST) ? { body: { code: '200' }, delayMs: 500 } : undefined));
    const e = await connectorFailure(new BipApiClient({ timeoutMs: 100 }).post(fakeConnection(server), LIST, {}, 'list'));
    expect([e.kind, e.details.ambiguous]).toEqual(['TEMPORARY', true]);
  });

  it("calls YonBIP only where the hub's outbound policy permits (its URLs are tenant config)", async () => {
    server.route(lookupRoute(server));
    const client = new BipApiClient();
    client.useOutboundPolicy(new OutboundPolicy({ allow: [] }));
    const e = await connectorFailure(client.post(fakeConnection(server), LIST, {}, 'list'));
    expect(e.kind).toBe('PERMANENT');
    expect(server.requests).toHaveLength(0);
  });
});
