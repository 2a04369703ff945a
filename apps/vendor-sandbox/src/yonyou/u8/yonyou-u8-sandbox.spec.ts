import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import type { SandboxSeed } from '../../sandbox-options';
import { U8_ERRCODES } from './yonyou-u8-errcodes';

const seed = JSON.parse(readFileSync(join(__dirname, '../../../seed/yonyou-u8.example.json'), 'utf8')) as SandboxSeed;
const app = seed.yonyou!.u8!.apps![0];
const caller = { from_account: app.fromAccount, to_account: app.toAccounts[0], app_key: app.appKey };

type Body = Record<string, any>;

describe('Yonyou U8 simulator (HTTP)', () => {
  let sandbox: SandboxApp;

  async function call(method: string, path: string, query: Record<string, unknown> = {}, body?: unknown): Promise<Body> {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const response = await fetch(`${sandbox.url}${path}${qs ? `?${qs}` : ''}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(500);
    return (await response.json()) as Body;
  }

  const token = async (): Promise<string> => (await call('GET', '/system/token', { from_account: app.fromAccount, app_key: app.appKey, app_secret: app.appSecret })).token.id;
  const tradeid = async (t: string): Promise<string> => (await call('GET', '/system/tradeid', { from_account: app.fromAccount, app_key: app.appKey, token: t })).trade.id;
  const archive = (code: string) => ({ interviewarchive: { code, name: '李雷', memo: '面试已取消' } });
  const control = (path: string, body: unknown = {}) => call('POST', path, {}, body);
  const state = () => call('GET', '/_sandbox/yonyou/u8/state');
  const records = (kind: string) => call('GET', '/_sandbox/yonyou/u8/records', { kind }) as unknown as Promise<Body[]>;

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => control('/_sandbox/reset'));

  it('issues a token for the right app secret only', async () => {
    const ok = await call('GET', '/system/token', { from_account: app.fromAccount, app_key: app.appKey, app_secret: app.appSecret });
    expect(ok).toMatchObject({ errcode: '0', token: { appKey: app.appKey, expiresIn: 7200 } });
    expect(ok.token.id).toMatch(/^[0-9a-f]{32}$/);
    const refused = await call('GET', '/system/token', { from_account: app.fromAccount, app_key: app.appKey, app_secret: 'wrong' });
    expect(refused).toEqual({ errcode: U8_ERRCODES.credentials, errmsg: expect.any(String) });
  });

  it('follows an asynchronous add through its result URL: pending for the planned polls, then the record is written', async () => {
    await control('/_sandbox/yonyou/u8/async-plans', { pendingPolls: 2, outcome: 'success' });
    const t = await token();
    const trade = await tradeid(t);
    const accepted = await call('POST', '/api/interviewarchive/add', { ...caller, token: t, tradeid: trade, sync: 0 }, archive('HUB-A1'));
    expect(accepted).toEqual({ errcode: '0', errmsg: '', tradeid: trade, url: expect.stringMatching(/\/result\?requestid=[0-9a-f]{32}$/), ping_after: 1 });
    expect((await state()).records.filter((r: Body) => r.key === 'HUB-A1')).toHaveLength(0);

    const url = new URL(accepted.url);
    const poll = () => call('GET', url.pathname, Object.fromEntries(url.searchParams));
    expect(await poll()).toMatchObject({ errcode: '0', url: accepted.url });
    expect(await poll()).toMatchObject({ errcode: '0', url: accepted.url });
    const final = await poll();
    expect(final).toEqual({ errcode: '0', errmsg: '', id: 'HUB-A1', tradeid: trade });
    expect(await poll()).toEqual(final);
    expect((await state()).records.filter((r: Body) => r.key === 'HUB-A1')).toHaveLength(1);
    expect(await records('result')).toHaveLength(4);
  });

  it('refuses a tradeid the second time and applies nothing for it', async () => {
    const t = await token();
    const trade = await tradeid(t);
    expect(await call('POST', '/api/interviewarchive/add', { ...caller, token: t, tradeid: trade, sync: 1 }, archive('HUB-T1'))).toMatchObject({ errcode: '0', id: 'HUB-T1' });
    const again = await call('POST', '/api/interviewarchive/add', { ...caller, token: t, tradeid: trade, sync: 1 }, archive('HUB-T2'));
    expect(again.errcode).toBe(U8_ERRCODES.tradeidInvalid);
    expect((await state()).records.map((r: Body) => r.key)).not.toContain('HUB-T2');
  });

  it('answers a failed result when the plan says so, and a duplicate code fails the later add', async () => {
    const t = await token();
    await control('/_sandbox/yonyou/u8/async-plans', { pendingPolls: 0, outcome: 'fail', errcode: '20009', errmsg: '部门不存在' });
    const failed = await call('POST', '/api/interviewarchive/add', { ...caller, token: t, tradeid: await tradeid(t), sync: 1 }, archive('HUB-F1'));
    expect(failed).toMatchObject({ errcode: '20009', errmsg: '部门不存在' });

    const first = await call('POST', '/api/interviewarchive/add', { ...caller, token: t, tradeid: await tradeid(t), sync: 0 }, archive('HUB-D1'));
    const second = await call('POST', '/api/interviewarchive/add', { ...caller, token: t, tradeid: await tradeid(t), sync: 0 }, archive('HUB-D1'));
    await control('/_sandbox/yonyou/u8/requests/complete');
    const result = async (url: string) => call('GET', '/result', { requestid: new URL(url).searchParams.get('requestid') });
    expect(await result(first.url)).toMatchObject({ errcode: '0', id: 'HUB-D1' });
    expect(await result(second.url)).toMatchObject({ errcode: U8_ERRCODES.duplicate });
    expect((await state()).records.filter((r: Body) => r.key === 'HUB-D1')).toHaveLength(1);
  });

  it('answers a repeated biz_id like the first add and writes nothing again', async () => {
    const t = await token();
    const first = await call('POST', '/api/interviewarchive/add', { ...caller, token: t, biz_id: 'HUB-B1', sync: 1 }, archive('HUB-B1'));
    const again = await call('POST', '/api/interviewarchive/add', { ...caller, token: t, biz_id: 'HUB-B1', sync: 1 }, archive('HUB-B1'));
    expect(again).toEqual(first);
    expect((await state()).records.filter((r: Body) => r.key === 'HUB-B1')).toHaveLength(1);
    expect(await call('POST', '/api/interviewarchive/add', { ...caller, token: t, sync: 1 }, archive('HUB-B2'))).toMatchObject({ errcode: U8_ERRCODES.tradeKeyMissing });
  });

  it('expires tokens on demand, finds records by code, and answers unknown APIs and missing records the U8 way', async () => {
    const t = await token();
    expect(await call('GET', '/api/person/get', { ...caller, token: t, id: 'HR0001' })).toMatchObject({ errcode: '0', person: { name: '陈静' } });
    expect(await call('GET', '/api/person/get', { ...caller, token: t, id: 'nobody' })).toMatchObject({ errcode: U8_ERRCODES.notFound });
    expect(await call('POST', '/api/nosuch/add', { ...caller, token: t, tradeid: 'x' }, {})).toMatchObject({ errcode: U8_ERRCODES.unknownApi });
    expect(await call('GET', '/system/nosuch')).toMatchObject({ errcode: U8_ERRCODES.unknownApi });
    expect(await control('/_sandbox/yonyou/u8/tokens/expire')).toEqual({ expired: 1 });
    expect(await call('GET', '/api/person/get', { ...caller, token: t, id: 'HR0001' })).toMatchObject({ errcode: U8_ERRCODES.tokenInvalid });
  });

  it('records every call under vendor yonyou-u8 and lets shared faults answer for it; reset restores the seed', async () => {
    await control('/_sandbox/faults', { method: 'GET', path: '/system/token', responses: [{ status: 500, body: 'boom' }], times: 1 });
    const response = await fetch(`${sandbox.url}/system/token`);
    expect(response.status).toBe(500);
    await token();
    const tokenCalls = await records('token');
    expect(tokenCalls.map((r) => [r.vendor, r.api, r.outcome])).toEqual([
      ['yonyou-u8', 'system/token', 'fault'],
      ['yonyou-u8', 'system/token', 'ok'],
    ]);
    await control('/_sandbox/yonyou/u8/settings', { clientOnline: false });
    expect(await call('GET', '/api/person/get', { ...caller, token: await token(), id: 'HR0001' })).toMatchObject({ errcode: U8_ERRCODES.clientOffline });
    await control('/_sandbox/reset');
    expect((await state()).settings.clientOnline).toBe(true);
    expect((await state()).records.map((r: Body) => r.key)).toEqual(['HR0001']);
  });
});
