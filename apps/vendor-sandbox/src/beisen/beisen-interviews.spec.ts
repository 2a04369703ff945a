import { createSandboxApp, type SandboxApp } from '../sandbox.app';
import { BEISEN_IDS, beisenControl, beisenSeed, beisenToken, recruit, waitFor } from './beisen.test-kit';

const IDS = BEISEN_IDS;

describe('Beisen simulator: interviews, lookups and the duplicate block', () => {
  let sandbox: SandboxApp;
  let token: string;
  const state = async () => (await beisenControl(sandbox.url, 'beisen/state')).body.tenants['100001'];

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { beisen: beisenSeed({ applicants: 3 }) } });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await beisenControl(sandbox.url, 'reset', {});
    token = await beisenToken(sandbox.url);
  });

  it('reads interviews by apply and by local date; the seed has two cancelled in batch B-1', async () => {
    const byApply = (await recruit(sandbox.url, token, 'Interview/GetInterviewsByApplyId', { applyId: IDS.apply(1) })).body.data;
    expect(byApply).toEqual([
      expect.objectContaining({ interviewId: IDS.interview(1), applicantId: IDS.applicant(1), status: 'Cancelled', cancelReason: '岗位已关闭', batchId: 'B-1', startTime: '2026-12-02 10:00:00', endTime: '2026-12-02 11:00:00', round: 1 }),
    ]);
    const byDate = (await recruit(sandbox.url, token, 'Interview/GetInterviewsByDate', { date: '2026-12-02' })).body.data;
    expect(byDate.map((i: { status: string }) => i.status)).toEqual(['Cancelled', 'Cancelled', 'Scheduled']);
    expect((await recruit(sandbox.url, token, 'Interview/GetInterviewsByDate', { date: '2026-12-03' })).body.data).toEqual([]);
    expect((await recruit(sandbox.url, token, 'Interview/GetInterviewsByDate', { date: 'soon' })).body.code).toBe(400);
  });

  it('cancels once through CancelInterview (by the API user, apply stamped); a second cancel is refused', async () => {
    const cancel = { interviewId: IDS.interview(3), reason: '候选人已在其他系统取消' };
    expect((await recruit(sandbox.url, token, 'Interview/CancelInterview', cancel)).body).toEqual({ data: true, code: 200, message: '' });
    await beisenControl(sandbox.url, 'beisen/settings', { duplicateBlockMs: 0 });
    expect((await recruit(sandbox.url, token, 'Interview/CancelInterview', cancel)).body).toEqual({ data: null, code: 400, message: '面试已取消，不能重复取消' });
    expect((await recruit(sandbox.url, token, 'Interview/CancelInterview', { interviewId: 'nope', reason: 'x' })).body.message).toBe('面试不存在');
    const s = await state();
    expect(s.interviews[2]).toMatchObject({ status: 'Cancelled', cancelReason: cancel.reason, cancelledBy: { userId: '900001', name: 'HR Connector Hub' }, batchId: null });
    expect(s.cancels).toEqual([{ interviewId: IDS.interview(3), reason: cancel.reason, at: expect.any(String) }]);
    expect(s.applies[2].modifiedTime).toBe(s.interviews[2].modifiedTime);
    const records = (await beisenControl(sandbox.url, 'beisen/records?api=Interview/CancelInterview')).body;
    expect(records.map((r: { kind: string; outcome: string }) => [r.kind, r.outcome])).toEqual([['write', 'ok'], ['write', 'error'], ['write', 'error']]);
  });

  it('blocks an identical write within duplicateBlockMs without applying it, and accepts it once the window passed', async () => {
    await beisenControl(sandbox.url, 'beisen/settings', { duplicateBlockMs: 300, limits: { transferPhase: { perSecond: 1000 } } });
    const move = { applyIds: [IDS.apply(3)], phaseId: IDS.phaseRejected, statusId: IDS.statusRejected, isSkipApplyLock: false, isSkipApplicantLock: false };
    const first = await recruit(sandbox.url, token, 'Apply/TransferPhase', move);
    expect(first.body.data.successApplyIds).toEqual([IDS.apply(3)]);
    const reordered = { isSkipApplicantLock: false, isSkipApplyLock: false, statusId: IDS.statusRejected, phaseId: IDS.phaseRejected, applyIds: [IDS.apply(3)] };
    expect((await recruit(sandbox.url, token, 'Apply/TransferPhase', reordered)).body).toEqual({ data: null, code: 417, message: '相同参数的请求3秒内不能重复提交' });
    expect((await state()).transfers).toHaveLength(1);
    const other = { ...move, applyIds: [IDS.apply(1)] };
    expect((await recruit(sandbox.url, token, 'Apply/TransferPhase', other)).body.code).toBe(200);
    await waitFor(async () => (await recruit(sandbox.url, token, 'Apply/TransferPhase', move)).body.code === 200);
    expect((await state()).transfers).toHaveLength(3);
    const outcomes = (await beisenControl(sandbox.url, 'beisen/records?api=Apply/TransferPhase')).body.map((r: { outcome: string }) => r.outcome);
    expect(outcomes.slice(0, 3)).toEqual(['ok', 'blocked', 'ok']);
    expect(outcomes[outcomes.length - 1]).toBe('ok');
    expect(outcomes.slice(3, -1).every((o: string) => o === 'blocked')).toBe(true);
  });

  it('does not block reads, and a refused write opens no block', async () => {
    const read = { applyId: IDS.apply(1) };
    for (let i = 0; i < 3; i++) expect((await recruit(sandbox.url, token, 'Interview/GetInterviewsByApplyId', read)).body.code).toBe(200);
    const missing = { interviewId: 'nope', reason: 'x' };
    await recruit(sandbox.url, token, 'Interview/CancelInterview', missing);
    expect((await recruit(sandbox.url, token, 'Interview/CancelInterview', missing)).body.message).toBe('面试不存在');
  });

  it('finds applicants by mobile (national digits) or email (any case), and process configs by id or code', async () => {
    const byMobile = await recruit(sandbox.url, token, 'Applicant/GetApplicantListByContact', { mobile: '+86 138-0013-8002' });
    expect(byMobile.body.data).toEqual([{ applicantId: IDS.applicant(2), candidateId: 'C00206397', name: '候选人2', mobile: '13800138002', email: 'c2@example.com' }]);
    expect((await recruit(sandbox.url, token, 'Applicant/GetApplicantListByContact', { email: 'C3@Example.com' })).body.data[0].applicantId).toBe(IDS.applicant(3));
    expect((await recruit(sandbox.url, token, 'Applicant/GetApplicantListByContact', { mobile: '13900000000' })).body.data).toEqual([]);
    expect((await recruit(sandbox.url, token, 'Applicant/GetApplicantListByContact', {})).body.code).toBe(400);
    const byId = (await recruit(sandbox.url, token, 'Setting/GetProcessConfigById', { processId: IDS.process })).body.data;
    expect(byId.phases.map((p: { name: string; statuses: Array<{ name: string }> }) => [p.name, p.statuses.map((s) => s.name)])).toEqual([['面试', ['待面试', '面试取消']], ['淘汰', ['已淘汰']]]);
    expect((await recruit(sandbox.url, token, 'Setting/GetProcessConfigById', { processId: 'x' })).body).toEqual({ data: null, code: 400, message: '流程不存在' });
  });

  it('control API: upserts, and a recruiter cancels a batch in the UI (stamping the applies)', async () => {
    const applicant = (await beisenControl(sandbox.url, 'beisen/applicants', { name: '新人', mobile: '13700000000' })).body;
    const apply = (await beisenControl(sandbox.url, 'beisen/applies', { applicantId: applicant.applicantId })).body;
    expect(apply).toMatchObject({ processId: IDS.process, processPhaseId: IDS.phaseInterview, processStatusId: IDS.statusPending });
    const interview = (await beisenControl(sandbox.url, 'beisen/interviews', { applyId: apply.applyId, startTime: Date.UTC(2026, 11, 3, 2) })).body;
    expect(interview).toMatchObject({ startTime: '2026-12-03 10:00:00', status: 'Scheduled', applicantId: applicant.applicantId });
    const cancelled = await beisenControl(sandbox.url, 'beisen/interviews/cancel', { interviewIds: [interview.interviewId, IDS.interview(3)], reason: '职位关闭', batchId: 'B-2' });
    expect(cancelled.body.map((i: { status: string; batchId: string }) => [i.status, i.batchId])).toEqual([['Cancelled', 'B-2'], ['Cancelled', 'B-2']]);
    const recent = (await recruit(sandbox.url, token, 'Apply/GetApplyListByModifiedTime', { startTime: '2026-12-01 00:00:00', endTime: '2099-01-01 00:00:00' })).body.data.items;
    expect(recent.map((i: { applyId: string }) => i.applyId).sort()).toEqual([apply.applyId, IDS.apply(3)].sort());
    expect((await beisenControl(sandbox.url, 'beisen/interviews/cancel', { interviewIds: ['nope'], reason: 'x' })).status).toBe(400);
  });
});
