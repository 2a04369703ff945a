import { join } from 'node:path';
import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import { loadSeedFile } from '../../sandbox-options';
import { cosmicTime } from './kingdee-cosmic-state.service';

const SEED = loadSeedFile(join(__dirname, '..', '..', '..', 'seed', 'kingdee-cosmic.example.json'));
const APP = SEED.kingdee!.cosmic!.apps![0];

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('Cosmic simulator (example seed)', () => {
  let sandbox: SandboxApp;
  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: SEED });
  });
  afterAll(async () => sandbox.close());

  async function token(): Promise<string> {
    const res = await post(sandbox.url, '/kapi/oauth2/getToken', {
      client_id: APP.clientId, client_secret: APP.clientSecret, username: APP.username, accountId: APP.accountId, language: 'zh_CN', nonce: 'n', timestamp: cosmicTime(Date.now()),
    });
    expect(res.body).toMatchObject({ errorCode: '0', status: true, data: { token_type: 'Bearer', expires_in: '7200000' } });
    return res.body.data.access_token;
  }

  it('pages a query with rows, pageNo, pageSize, lastPage and totalCount', async () => {
    const headers = { access_token: await token(), 'x-acgw-identity': APP.identity as string };
    const first = await post(sandbox.url, '/kapi/v2/kdtest/hr/hr_interview/query', { data: {}, pageNo: 1, pageSize: 1 }, headers);
    expect(first.body).toMatchObject({ errorCode: '0', status: true, data: { pageNo: 1, pageSize: 1, lastPage: false, totalCount: 2 } });
    expect(first.body.data.rows.map((r: { id: string }) => r.id)).toEqual(['iv-1001']);
    const cancelled = await post(sandbox.url, '/kapi/v2/kdtest/hr/hr_interview/query', { data: { status: ['C'], modifytime_start: '2026-11-30 10:00:00' } }, headers);
    expect(cancelled.body.data).toMatchObject({ lastPage: true, totalCount: 1, rows: [{ id: 'iv-1002', batchid: 'batch-2026-11' }] });
  });

  it('saves keyed bills once and answers result rows with success and fail counts', async () => {
    const headers = { access_token: await token(), 'x-acgw-identity': APP.identity as string };
    const path = '/kapi/v2/kdtest/hr/hr_talentpool_entry/save';
    const first = await post(sandbox.url, path, { data: [{ hubkey: 'k1', candidate: 'cand-lina', pool: '潜在候选人' }] }, headers);
    expect(first.body.data).toMatchObject({ successCount: 1, failCount: 0, result: [{ billIndex: 0, billStatus: true, errors: [], type: 'Add' }] });
    const again = await post(sandbox.url, path, { data: [{ hubkey: 'k1', candidate: 'cand-lina', pool: '潜在候选人' }] }, headers);
    expect(again.body.data.result[0]).toMatchObject({ id: first.body.data.result[0].id, type: 'Update' });
    await post(sandbox.url, '/_sandbox/kingdee/cosmic/save-errors', { formId: 'hr_talentpool_entry' });
    const failed = await post(sandbox.url, path, { data: [{ hubkey: 'k2' }] }, headers);
    expect(failed.body.data).toMatchObject({ successCount: 0, failCount: 1, result: [{ billStatus: false, errors: [{ message: '数据校验失败' }] }] });
  });

  it('saves several bills in one call, fails only the row an armed error matches (billIndex), refuses more than maxSaveRows', async () => {
    const headers = { access_token: await token(), 'x-acgw-identity': APP.identity as string };
    const path = '/kapi/v2/kdtest/hr/hr_followup_reminder/save';
    await post(sandbox.url, '/_sandbox/kingdee/cosmic/save-errors', { formId: 'hr_followup_reminder', message: '内容过长', match: { hubkey: 'm2' } });
    const bills = ['m1', 'm2', 'm3'].map((hubkey) => ({ hubkey, candidate: 'cand-lina', content: 'x' }));
    const saved = await post(sandbox.url, path, { data: bills }, headers);
    expect(saved.body.data).toMatchObject({ successCount: 2, failCount: 1 });
    expect(saved.body.data.result.map((r: { billIndex: number; billStatus: boolean }) => [r.billIndex, r.billStatus])).toEqual([[0, true], [1, false], [2, true]]);
    expect(saved.body.data.result[1].errors[0].message).toBe('内容过长');
    const records = (await (await fetch(`${sandbox.url}/_sandbox/kingdee/cosmic/records?kind=save`)).json()) as { detail: unknown }[];
    expect(records[records.length - 1].detail).toMatchObject({ rows: 3 });

    await post(sandbox.url, '/_sandbox/kingdee/cosmic/settings', { maxSaveRows: 2 });
    const tooMany = await post(sandbox.url, path, { data: [{ hubkey: 'm4' }, { hubkey: 'm5' }, { hubkey: 'm6' }] }, headers);
    expect([tooMany.status, tooMany.body.errorCode, tooMany.body.status]).toEqual([200, '603', false]);
    await post(sandbox.url, '/_sandbox/kingdee/cosmic/settings', { maxSaveRows: 200 });
  });

  it('refuses a business call without a live token or without the app identity', async () => {
    const none = await post(sandbox.url, '/kapi/v2/kdtest/hr/hr_interview/query', {});
    expect([none.status, none.body.errorCode, none.body.status]).toEqual([200, '401', false]);
    const noIdentity = await post(sandbox.url, '/kapi/v2/kdtest/hr/hr_interview/query', {}, { access_token: await token() });
    expect(noIdentity.body.errorCode).toBe('401');
  });

  it('verifies and withdraws a token (verifyToken 612 afterwards)', async () => {
    const value = await token();
    const verified = await post(sandbox.url, '/kapi/oauth2/verifyToken', { client_id: APP.clientId, token_type_hint: 'access_token', token: value, accountId: APP.accountId, nonce: 'n', timestamp: cosmicTime(Date.now()) });
    expect(verified.body).toMatchObject({ errorCode: '0', data: { active: true, scope: 'API' } });
    expect(Number(verified.body.data.expires_in)).toBeGreaterThan(7_000_000);
    const withdrawn = await post(sandbox.url, '/kapi/oauth2/withdrawToken', { client_id: APP.clientId, client_secret: APP.clientSecret, token_type_hint: 'access_token', token: value, accountId: APP.accountId, nonce: 'n', timestamp: cosmicTime(Date.now()) });
    expect(withdrawn.body).toMatchObject({ errorCode: '0', data: true });
    const after = await post(sandbox.url, '/kapi/oauth2/verifyToken', { client_id: APP.clientId, token_type_hint: 'access_token', token: value, accountId: APP.accountId, nonce: 'n', timestamp: cosmicTime(Date.now()) });
    expect(after.body).toMatchObject({ errorCode: '612', status: false });
  });
});
