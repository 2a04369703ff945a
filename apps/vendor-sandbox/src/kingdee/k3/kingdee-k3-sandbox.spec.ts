import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import { AUTH, call, FORM, K3_ACCOUNT, k3Seed, loginBySign, signedHeaders } from './kingdee-k3.test-kit';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('K/3 Cloud simulator', () => {
  let sandbox: SandboxApp;
  const form = (op: string, params: unknown[], session: string) => call(sandbox.url, `${FORM}${op}.common.kdsvc`, { parameters: params }, { 'kdservice-sessionid': session });
  const session = async () => ((await loginBySign(sandbox.url)).body as Json).KDSVCSessionId as string;
  const records = async (api?: string) => (await (await fetch(`${sandbox.url}/_sandbox/kingdee/k3/records${api ? `?api=${api}` : ''}`)).json()) as Json[];

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { kingdee: { k3: k3Seed(7) } } });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, '/_sandbox/reset'));

  it('logs in by SHA-256 sign (cookie + KDSVCSessionId), refuses SHA-1 unless set, and by app secret', async () => {
    const ok = await loginBySign(sandbox.url);
    expect(ok.body).toMatchObject({ LoginResultType: 1 });
    expect(ok.headers.get('set-cookie')).toContain(`kdservice-sessionid=${(ok.body as Json).KDSVCSessionId}`);
    expect((await loginBySign(sandbox.url, 'sha1')).body).toMatchObject({ LoginResultType: 0 });
    expect((await loginBySign(sandbox.url, 'sha256', '1000')).body).toMatchObject({ LoginResultType: 0 });
    await call(sandbox.url, '/_sandbox/kingdee/k3/settings', { signAlgorithm: 'sha1' });
    expect((await loginBySign(sandbox.url, 'sha1')).body).toMatchObject({ LoginResultType: 1 });
    const a = K3_ACCOUNT;
    expect((await call(sandbox.url, `${AUTH}LoginByAppSecret.common.kdsvc`, { parameters: [a.acctId, a.user, a.appId, a.appSecret, 2052] })).body).toMatchObject({ LoginResultType: 1 });
    expect((await call(sandbox.url, `${AUTH}LoginByAppSecret.common.kdsvc`, { parameters: [a.acctId, a.user, a.appId, 'wrong', 2052] })).body).toMatchObject({ LoginResultType: 0 });
    expect((await records()).filter((r) => r.kind === 'auth').map((r) => r.outcome)).toEqual(['ok', 'error', 'error', 'ok', 'ok', 'error']);
  });

  it('pages ExecuteBillQuery by StartRow/Limit with filter and order; wraps errors as [[{Result}]]', async () => {
    const s = await session();
    const q = (StartRow: number, Limit: number) =>
      form('ExecuteBillQuery', [{ FormId: 'PAEZ_Interview', FieldKeys: 'FNumber,FStatus', FilterString: "FModifyDate >= '2026-11-30 01:00:00'", OrderString: 'FModifyDate ASC', StartRow, Limit }], s);
    expect((await q(0, 4)).body).toEqual([['IV002', 'CANCELLED'], ['IV003', 'SCHEDULED'], ['IV004', 'SCHEDULED'], ['IV005', 'SCHEDULED']]);
    expect((await q(4, 4)).body).toEqual([['IV006', 'SCHEDULED'], ['IV007', 'SCHEDULED']]);
    expect((await q(8, 4)).body).toEqual([]);
    const bad = (await form('ExecuteBillQuery', [JSON.stringify({ FormId: 'NOPE', FieldKeys: 'FNumber' })], s)).body as Json[][];
    expect(bad[0][0].Result.ResponseStatus).toMatchObject({ IsSuccess: false, Errors: [{ Message: expect.stringContaining('NOPE') }] });
  });

  it('saves idempotently by the key field, reports armed per-row errors by DIndex, submits and audits', async () => {
    const s = await session();
    const model = (k: string) => ({ FHubKey: k, FCandidateNumber: 'C001', FPool: '潜在候选人' });
    await call(sandbox.url, '/_sandbox/kingdee/k3/row-errors', { formId: 'PAEZ_TalentPool', key: 'k2', message: '候选人已在人才库', fieldName: 'FCandidateNumber' });
    const batch = (await form('BatchSave', ['PAEZ_TalentPool', { Model: [model('k1'), model('k2'), model('k3')] }], s)).body as Json;
    expect(batch.Result.ResponseStatus).toMatchObject({
      IsSuccess: false,
      Errors: [{ FieldName: 'FCandidateNumber', Message: '候选人已在人才库', DIndex: 1 }],
      SuccessEntitys: [{ DIndex: 0, Number: 'k1' }, { DIndex: 2, Number: 'k3' }],
    });
    const refused = (await form('Save', ['PAEZ_TalentPool', JSON.stringify({ Model: model('k1') })], s)).body as Json;
    expect(refused.Result.ResponseStatus).toMatchObject({ IsSuccess: false, Errors: [{ FieldName: 'FHubKey', DIndex: 0 }] });
    const id = batch.Result.ResponseStatus.SuccessEntitys[0].Id;
    const byFid = (await form('Save', ['PAEZ_TalentPool', { Model: { ...model('k1'), FID: id } }], s)).body as Json;
    expect(byFid.Result.ResponseStatus).toMatchObject({ IsSuccess: true, SuccessEntitys: [{ Id: id }] });
    await call(sandbox.url, '/_sandbox/kingdee/k3/settings', { duplicateKey: 'merge' });
    const merged = (await form('Save', ['PAEZ_TalentPool', { Model: model('k1') }], s)).body as Json;
    expect(merged.Result.ResponseStatus).toMatchObject({ IsSuccess: true, SuccessEntitys: [{ Id: id }] });
    expect((await form('Save', ['PAEZ_TalentPool', { Model: model('k2') }], s)).body).toMatchObject({ Result: { ResponseStatus: { IsSuccess: true } } });
    await form('Submit', ['PAEZ_TalentPool', { Numbers: ['k1'] }], s);
    await form('Audit', ['PAEZ_TalentPool', { Numbers: ['k1'] }], s);
    const state = (await (await fetch(`${sandbox.url}/_sandbox/kingdee/k3/state`)).json()) as Json;
    expect(state.forms.PAEZ_TalentPool.rows.map((r: Json) => [r.FHubKey, r.FDocumentStatus])).toEqual([['k1', 'C'], ['k3', 'A'], ['k2', 'A']]);
  });

  it('answers calls on an expired or missing session as a lost session (MsgCode 1, or HTTP 401 when set)', async () => {
    const s = await session();
    expect((await call(sandbox.url, '/_sandbox/kingdee/k3/sessions/expire')).body).toEqual({ expired: 1 });
    const lost = (await form('Save', ['PAEZ_TalentPool', { Model: { FHubKey: 'x' } }], s)).body as Json;
    expect(lost.Result.ResponseStatus).toMatchObject({ IsSuccess: false, MsgCode: 1 });
    const q = (await form('ExecuteBillQuery', [{ FormId: 'PAEZ_Interview', FieldKeys: 'FNumber' }], s)).body as Json[][];
    expect(q[0][0].Result.ResponseStatus.MsgCode).toBe(1);
    const s2 = await session();
    await call(sandbox.url, '/_sandbox/kingdee/k3/sessions/expire', { afterCalls: 1 });
    const q1 = (await form('ExecuteBillQuery', [{ FormId: 'PAEZ_Interview', FieldKeys: 'FNumber', Limit: 1 }], s2)).body;
    expect(q1).toEqual([['IV001']]);
    const q2 = (await form('ExecuteBillQuery', [{ FormId: 'PAEZ_Interview', FieldKeys: 'FNumber', Limit: 1 }], s2)).body as Json[][];
    expect(q2[0][0].Result.ResponseStatus.MsgCode).toBe(1);
    await call(sandbox.url, '/_sandbox/kingdee/k3/settings', { lostSession: 'http401' });
    expect((await form('Save', ['PAEZ_TalentPool', { Model: {} }], 'nope')).status).toBe(401);
    expect((await records('Save')).map((r) => r.outcome)).toEqual(['error', 'error']);
  });

  it('accepts stateless signed headers once per nonce, and refuses a tampered signature', async () => {
    const path = `${FORM}ExecuteBillQuery.common.kdsvc`;
    const body = { parameters: [{ FormId: 'PAEZ_Interview', FieldKeys: 'FNumber', Limit: 1 }] };
    expect((await call(sandbox.url, path, body, signedHeaders(path, 'n-1'))).body).toEqual([['IV001']]);
    expect((await call(sandbox.url, path, body, signedHeaders(path, 'n-1'))).status).toBe(401);
    const bad = { ...signedHeaders(path, 'n-2'), 'X-Kd-Appdata': Buffer.from('other,hub,2052,100').toString('base64') };
    expect((await call(sandbox.url, path, body, bad)).status).toBe(401);
    expect((await call(sandbox.url, path, body, signedHeaders(path, 'n-3', { ...K3_ACCOUNT, gwSecret: 'wrong' }))).status).toBe(401);
  });
});
