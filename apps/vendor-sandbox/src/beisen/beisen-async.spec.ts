import { createSandboxApp, type SandboxApp } from '../sandbox.app';
import { BEISEN_IDS, beisenControl, beisenSeed, beisenToken, recruit, waitFor } from './beisen.test-kit';

const IDS = BEISEN_IDS;

describe('Beisen simulator: asynchronous TalentPool writes and reset', () => {
  let sandbox: SandboxApp;
  let token: string;
  const state = async () => (await beisenControl(sandbox.url, 'beisen/state?tenantId=100001')).body.tenants['100001'];
  const status = async (requestId: string, bearer = token) => {
    const res = await fetch(`${sandbox.url}/OpenPlatform/api/AsyncApiExecInfo/GetByRequestId?requestId=${requestId}`, { headers: { authorization: `Bearer ${bearer}` } });
    return (await res.json()) as { code: string; message: string; data: { requestId: string; status: string; errorMessage: string | null } | null };
  };
  const settled = (requestId: string) => waitFor(async () => (await status(requestId)).data?.status !== 'Processing');

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { beisen: beisenSeed({ applicants: 3 }) } });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await beisenControl(sandbox.url, 'reset', {});
    token = await beisenToken(sandbox.url);
  });

  it('answers AddApplicants with a request id (body and X-PAAS-Request-ID), applies it later, then reads Success', async () => {
    await beisenControl(sandbox.url, 'beisen/settings', { asyncDelayMs: 100 });
    const add = await recruit(sandbox.url, token, 'TalentPool/AddApplicants', { talentPoolId: IDS.pool, applicantIds: [IDS.applicant(1), IDS.applicant(2)] });
    const requestId = add.body.data.requestId as string;
    expect(add.body).toEqual({ code: 200, message: '', data: { requestId: expect.any(String) } });
    expect(add.headers.get('x-paas-request-id')).toBe(requestId);
    expect(await status(requestId)).toEqual({ code: '200', message: '', data: { requestId, status: 'Processing', errorMessage: null } });
    expect((await state()).talentPools[IDS.pool].applicantIds).toEqual([]);
    await settled(requestId);
    expect((await status(requestId)).data).toEqual({ requestId, status: 'Success', errorMessage: null });
    expect((await state()).talentPools[IDS.pool]).toEqual({ name: '潜在候选人', applicantIds: [IDS.applicant(1), IDS.applicant(2)] });
    const again = await recruit(sandbox.url, token, 'TalentPool/AddApplicants', { talentPoolId: IDS.pool, applicantIds: [IDS.applicant(2), IDS.applicant(3)] });
    await settled(again.body.data.requestId);
    expect((await state()).talentPools[IDS.pool].applicantIds).toEqual([IDS.applicant(1), IDS.applicant(2), IDS.applicant(3)]);
    expect((await beisenControl(sandbox.url, 'beisen/records?kind=async')).body.map((r: { api: string; outcome: string }) => [r.api, r.outcome])).toEqual([
      ['TalentPool/AddApplicants', 'ok'],
      ['TalentPool/AddApplicants', 'ok'],
    ]);
  });

  it('ends Failed for an armed applicant or an unknown pool, applying nothing; tags are a set', async () => {
    await beisenControl(sandbox.url, 'beisen/async-errors', { applicantId: IDS.applicant(3), message: '候选人已被锁定' });
    const armed = await recruit(sandbox.url, token, 'TalentPool/AddTags', { applicantIds: [IDS.applicant(3)], tags: ['面试取消'] });
    await settled(armed.body.data.requestId);
    expect((await status(armed.body.data.requestId)).data).toMatchObject({ status: 'Failed', errorMessage: '候选人已被锁定' });
    const noPool = await recruit(sandbox.url, token, 'TalentPool/AddApplicants', { talentPoolId: 'nope', applicantIds: [IDS.applicant(1)] });
    await settled(noPool.body.data.requestId);
    expect((await status(noPool.body.data.requestId)).data).toMatchObject({ status: 'Failed', errorMessage: '人才库 nope 不存在' });
    const tags = await recruit(sandbox.url, token, 'TalentPool/AddTags', { applicantIds: [IDS.applicant(3)], tags: ['面试取消', '复活'] });
    await settled(tags.body.data.requestId);
    // The failed write was accepted (code 200) when sent: an identical retry within the window is blocked.
    expect((await recruit(sandbox.url, token, 'TalentPool/AddTags', { applicantIds: [IDS.applicant(3)], tags: ['面试取消'] })).body.code).toBe(417);
    await beisenControl(sandbox.url, 'beisen/settings', { duplicateBlockMs: 0 });
    const again = await recruit(sandbox.url, token, 'TalentPool/AddTags', { applicantIds: [IDS.applicant(3)], tags: ['面试取消'] });
    await settled(again.body.data.requestId);
    const s = await state();
    expect(s.tags).toEqual({ [IDS.applicant(3)]: ['面试取消', '复活'] });
    expect(s.talentPools[IDS.pool].applicantIds).toEqual([]);
    expect(s.asyncRequests.map((r: { status: string }) => r.status)).toEqual(['Failed', 'Failed', 'Success', 'Success']);
    expect((await recruit(sandbox.url, token, 'TalentPool/AddTags', { applicantIds: [] })).body.code).toBe(400);
  });

  it('answers an unknown request id with v5 code "417", and 400 without a token', async () => {
    expect(await status('missing')).toEqual({ code: '417', message: 'requestId 不存在', data: null });
    const none = await fetch(`${sandbox.url}/OpenPlatform/api/AsyncApiExecInfo/GetByRequestId?requestId=x`);
    expect(none.status).toBe(400);
  });

  it('POST /_sandbox/reset returns to the seed: data, tokens, pending async writes, settings and records', async () => {
    await beisenControl(sandbox.url, 'beisen/settings', { asyncDelayMs: 150, envelope: 'v2' });
    await recruit(sandbox.url, token, 'Interview/CancelInterview', { interviewId: IDS.interview(3), reason: 'x' });
    await recruit(sandbox.url, token, 'TalentPool/AddApplicants', { talentPoolId: IDS.pool, applicantIds: [IDS.applicant(1)] });
    await beisenControl(sandbox.url, 'beisen/applicants', { name: '新人' });
    await beisenControl(sandbox.url, 'reset', {});
    const s = (await beisenControl(sandbox.url, 'beisen/state')).body;
    expect(s.settings).toMatchObject({ envelope: 'v6', asyncDelayMs: 200, duplicateBlockMs: 3000 });
    expect(s.tokens).toEqual({ issued: 0, live: 0 });
    const tenant = s.tenants['100001'];
    expect([tenant.applicants.length, tenant.cancels, tenant.asyncRequests, tenant.interviews[2].status]).toEqual([3, [], [], 'Scheduled']);
    expect((await beisenControl(sandbox.url, 'beisen/records')).body).toEqual([]);
    expect((await recruit(sandbox.url, token, 'Interview/GetInterviewsByDate', { date: '2026-12-02' })).status).toBe(401);
    // A write started after the reset settles after the one pending from before it, which must land nowhere.
    await beisenControl(sandbox.url, 'beisen/settings', { asyncDelayMs: 150 });
    token = await beisenToken(sandbox.url);
    const later = await recruit(sandbox.url, token, 'TalentPool/AddTags', { applicantIds: [IDS.applicant(2)], tags: ['t'] });
    await settled(later.body.data.requestId);
    expect((await state()).talentPools[IDS.pool].applicantIds).toEqual([]);
  });
});
