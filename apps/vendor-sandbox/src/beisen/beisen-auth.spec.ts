import { createSandboxApp, type SandboxApp } from '../sandbox.app';
import { BEISEN_APP, BEISEN_IDS, BEISEN_TENANT, beisenControl, beisenIds, beisenTenant, beisenToken, beisenTokenCall, recruit } from './beisen.test-kit';

const OTHER = '100002';
const OTHER_APP = { appId: 'other-app', secret: 'other-secret' };

describe('Beisen simulator: OAuth/Token, Bearer checks, tenants', () => {
  let sandbox: SandboxApp;
  const form = (over: Record<string, string> = {}) => ({ grant_type: 'client_credentials', app_id: BEISEN_APP.appId, secret: BEISEN_APP.secret, tenant_id: BEISEN_TENANT, ...over });

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { beisen: { tenants: [beisenTenant(), beisenTenant(OTHER, { ...OTHER_APP, applicants: 1 })] } } });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => beisenControl(sandbox.url, 'reset', {}));

  it('issues a token from a form POST, expires_in as a string of seconds or as the epoch second of expiry', async () => {
    const seconds = await beisenTokenCall(sandbox.url, form());
    expect(seconds.status).toBe(200);
    expect(seconds.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: '7200', tenant_id: BEISEN_TENANT, user_id: '900001' });
    await beisenControl(sandbox.url, 'beisen/settings', { expiresInStyle: 'epoch', tokenTtlSeconds: 600 });
    const epoch = await beisenTokenCall(sandbox.url, form());
    expect(typeof epoch.body.expires_in).toBe('string');
    expect(Math.abs(Number(epoch.body.expires_in) - (Math.floor(Date.now() / 1000) + 600))).toBeLessThanOrEqual(2);
  });

  it('refuses a wrong grant, tenant or client with 400 {error}', async () => {
    expect(await beisenTokenCall(sandbox.url, form({ grant_type: 'password' }))).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await beisenTokenCall(sandbox.url, form({ tenant_id: '999' }))).toMatchObject({ status: 400, body: { error: 'invalid_tenantid' } });
    expect(await beisenTokenCall(sandbox.url, form({ secret: 'wrong' }))).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    expect(await beisenTokenCall(sandbox.url, form({ app_id: OTHER_APP.appId, secret: OTHER_APP.secret }))).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    const records = (await beisenControl(sandbox.url, 'beisen/records?api=OAuth/Token')).body as Array<{ kind: string; outcome: string; detail?: { tenantId?: string } }>;
    expect(records.map((r) => [r.kind, r.outcome])).toEqual(Array(4).fill(['auth', 'error']));
    expect(records[1].detail).toEqual({ tenantId: '999' });
  });

  it('answers 400 without Authorization, 401 for an unknown, expired or revoked token and for an unknown path', async () => {
    const body = { processId: BEISEN_IDS.process };
    expect(await recruit(sandbox.url, '', 'Setting/GetProcessConfigById', body)).toMatchObject({ status: 400, body: { message: 'Authorization header is empty' } });
    expect(await recruit(sandbox.url, 'nope', 'Setting/GetProcessConfigById', body)).toMatchObject({ status: 401, body: { message: 'un-authorized' } });
    const token = await beisenToken(sandbox.url);
    expect(await recruit(sandbox.url, token, 'Setting/GetProcessConfigById', body)).toMatchObject({ status: 200, body: { code: 200, message: '', data: { code: 'SOCIAL' } } });
    expect(await recruit(sandbox.url, token, 'Apply/NoSuchApi', {})).toMatchObject({ status: 401, body: { message: 'un-authorized' } });
    expect(await recruit(sandbox.url, token, 'Apply/Deep/Path', {})).toMatchObject({ status: 401, body: { message: 'un-authorized' } });
    expect((await beisenControl(sandbox.url, 'beisen/tokens/expire', {})).body).toEqual({ expired: 1 });
    expect((await recruit(sandbox.url, token, 'Setting/GetProcessConfigById', body)).status).toBe(401);
    expect((await beisenControl(sandbox.url, 'beisen/state')).body.tokens).toEqual({ issued: 1, live: 0 });
    await beisenControl(sandbox.url, 'beisen/settings', { tokenTtlSeconds: 0 });
    expect((await recruit(sandbox.url, await beisenToken(sandbox.url), 'Setting/GetProcessConfigById', body)).status).toBe(401);
  });

  it('works on the token tenant only: tenant A cannot see tenant B applies', async () => {
    const a = await beisenToken(sandbox.url);
    const b = await beisenToken(sandbox.url, OTHER, OTHER_APP);
    const bApply = beisenIds(OTHER).apply(1);
    expect((await recruit(sandbox.url, a, 'Apply/GetApplyListByApplyId', { applyIds: [bApply, BEISEN_IDS.apply(1)] })).body.data.map((r: { applyId: string }) => r.applyId)).toEqual([BEISEN_IDS.apply(1)]);
    expect((await recruit(sandbox.url, b, 'Apply/GetApplyListByApplyId', { applyIds: [bApply, BEISEN_IDS.apply(1)] })).body.data.map((r: { applyId: string }) => r.applyId)).toEqual([bApply]);
    const window = { startTime: '2026-11-01 00:00:00', endTime: '2026-12-31 00:00:00' };
    expect((await recruit(sandbox.url, b, 'Apply/GetApplyListByModifiedTime', window)).body.data.items).toHaveLength(1);
    expect((await recruit(sandbox.url, a, 'Interview/CancelInterview', { interviewId: beisenIds(OTHER).interview(1), reason: 'x' })).body).toEqual({ data: null, code: 400, message: '面试不存在' });
    const records = (await beisenControl(sandbox.url, 'beisen/records?kind=list')).body as Array<{ detail?: { tenantId: string } }>;
    expect(records.map((r) => r.detail?.tenantId)).toEqual([BEISEN_TENANT, OTHER, OTHER]);
  });

  it('answers in the v2 envelope when set, and lists beisen in the health vendors', async () => {
    await beisenControl(sandbox.url, 'beisen/settings', { envelope: 'v2' });
    const token = await beisenToken(sandbox.url);
    expect((await recruit(sandbox.url, token, 'Setting/GetProcessConfigByCode', { code: 'SOCIAL' })).body).toMatchObject({ Code: 200, Message: '', Data: { processId: BEISEN_IDS.process } });
    expect((await recruit(sandbox.url, token, 'Setting/GetProcessConfigByCode', { code: 'NOPE' })).body).toEqual({ Code: 400, Data: null, Message: '流程不存在' });
    expect((await beisenControl(sandbox.url, 'beisen/records?api=Setting/GetProcessConfigByCode')).body.map((r: { outcome: string }) => r.outcome)).toEqual(['ok', 'error']);
    expect((await beisenControl(sandbox.url, 'beisen/settings', { nope: 1 })).status).toBe(400);
    expect((await beisenControl(sandbox.url, 'health')).body.vendors).toEqual(expect.arrayContaining(['beisen', 'kingdee-k3', 'kingdee-cosmic']));
  });
});
