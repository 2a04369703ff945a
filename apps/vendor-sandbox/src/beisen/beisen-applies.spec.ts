import { createSandboxApp, type SandboxApp } from '../sandbox.app';
import { BEISEN_IDS, beisenControl, beisenSeed, beisenToken, recruit } from './beisen.test-kit';

const IDS = BEISEN_IDS;
const CAMPUS = { processId: 'campus-process', code: 'CAMPUS', name: '校园招聘', phases: [{ phaseId: 'campus-phase', code: 'Written', name: '笔试', statuses: [{ statusId: 'campus-status', code: 'Pending', name: '待笔试' }] }] };

describe('Beisen simulator: applies', () => {
  let sandbox: SandboxApp;
  let token: string;
  const seed = beisenSeed({ applicants: 3, extraApplies: 2500 });
  seed.tenants[0].processes?.push(CAMPUS);

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { beisen: seed } });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await beisenControl(sandbox.url, 'reset', {});
    token = await beisenToken(sandbox.url);
  });

  it('pages GetApplyListByModifiedTime by batchId: 2,500 applies in batches of 1000, 1000, 500', async () => {
    const window = { startTime: '2026-11-29 00:00:00', endTime: '2026-11-29 23:59:59' };
    const batches = [];
    let batchId = '';
    for (;;) {
      const answer = await recruit(sandbox.url, token, 'Apply/GetApplyListByModifiedTime', { ...window, batchId });
      expect(answer.body.code).toBe(200);
      batches.push(answer.body.data);
      if (answer.body.data.isLastBatch) break;
      batchId = answer.body.data.nextBatchId;
    }
    expect(batches.map((b) => [b.items.length, b.isLastBatch])).toEqual([[1000, false], [1000, false], [500, true]]);
    const ids = batches.flatMap((b) => b.items.map((i: { applyId: string }) => i.applyId));
    expect(new Set(ids).size).toBe(2500);
    expect(batches[0].items[0]).toEqual({ applyId: IDS.apply(1000), applicantId: IDS.applicant(1), jobId: 'job-2' });
    const bounded = await recruit(sandbox.url, token, 'Apply/GetApplyListByModifiedTime', { startTime: '2026-11-29 00:00:01', endTime: '2026-11-29 00:00:02' });
    expect(bounded.body.data).toEqual({ nextBatchId: '', isLastBatch: true, items: [1002, 1003, 1004, 1005].map((n) => ({ applyId: IDS.apply(n), applicantId: IDS.applicant(1), jobId: 'job-2' })) });
    expect((await recruit(sandbox.url, token, 'Apply/GetApplyListByModifiedTime', { ...window, batchId: 'bogus' })).body).toEqual({ data: null, code: 400, message: 'batchId 无效或已过期' });
    const otherWindow = { ...window, startTime: '2026-11-29 00:00:05', batchId: batches[0].nextBatchId };
    expect((await recruit(sandbox.url, token, 'Apply/GetApplyListByModifiedTime', otherWindow)).body.code).toBe(400);
  });

  it('answers GetApplyListByApplyId nested or flat, leaves unknown ids out and refuses more than 100', async () => {
    const nested = await recruit(sandbox.url, token, 'Apply/GetApplyListByApplyId', { applyIds: [IDS.apply(3), 'missing'] });
    expect(nested.body.data).toEqual([
      {
        applyId: IDS.apply(3),
        processId: IDS.process,
        processPhaseId: IDS.phaseInterview,
        processStatusId: IDS.statusPending,
        modifiedTime: '2026-11-30 11:00:00',
        applicantLite: { applicantId: IDS.applicant(3), candidateId: 'C00206398', name: '候选人3', mobile: '13800138003', email: 'c3@example.com' },
        jobLite: { jobId: 'job-1', jobName: '前端工程师' },
      },
    ]);
    await beisenControl(sandbox.url, 'beisen/settings', { applyForm: 'flat' });
    const flat = await recruit(sandbox.url, token, 'Apply/GetApplyListByApplyId', { applyIds: [IDS.apply(3)] });
    expect(flat.body.data[0]).toMatchObject({ applyId: IDS.apply(3), applicantId: IDS.applicant(3), candidateId: 'C00206398', name: '候选人3', jobId: 'job-1', jobName: '前端工程师' });
    expect(flat.body.data[0].applicantLite).toBeUndefined();
    const tooMany = Array.from({ length: 101 }, (_, i) => IDS.apply(1000 + i));
    expect((await recruit(sandbox.url, token, 'Apply/GetApplyListByApplyId', { applyIds: tooMany })).body).toEqual({ data: null, code: 400, message: 'applyIds 最多 100 个' });
    expect((await recruit(sandbox.url, token, 'Apply/GetApplyListByApplyId', { applyIds: tooMany.slice(0, 100) })).body.data).toHaveLength(100);
  });

  it('TransferPhase sorts every applyId into one list: success, not found, cross-process, armed lock; moves only successes', async () => {
    await beisenControl(sandbox.url, 'beisen/transfer-errors', { applyId: IDS.apply(2), list: 'applyLockedApplyIds' });
    const move = { phaseId: IDS.phaseRejected, statusId: IDS.statusRejected, isSkipApplyLock: false, isSkipApplicantLock: false };
    const answer = await recruit(sandbox.url, token, 'Apply/TransferPhase', { ...move, applyIds: [IDS.apply(1), IDS.apply(2), 'missing', IDS.apply(3)] });
    expect(answer.body).toEqual({
      code: 200,
      message: '',
      data: { successApplyIds: [IDS.apply(1), IDS.apply(3)], notExistApplyIds: ['missing'], crossProcessApplyIds: [], applyLockedApplyIds: [IDS.apply(2)], applicantBlackApplyIds: [], applyStatusChangedApplyIds: [] },
    });
    const cross = await recruit(sandbox.url, token, 'Apply/TransferPhase', { applyIds: [IDS.apply(1000), IDS.apply(1001)], phaseId: 'campus-phase', statusId: 'campus-status' });
    expect(cross.body.data).toMatchObject({ successApplyIds: [], crossProcessApplyIds: [IDS.apply(1000), IDS.apply(1001)] });
    const wrongProcess = await recruit(sandbox.url, token, 'Apply/TransferPhase', { ...move, processId: 'campus-process', applyIds: [IDS.apply(1002)] });
    expect(wrongProcess.body.data.crossProcessApplyIds).toEqual([IDS.apply(1002)]);
    const retried = await recruit(sandbox.url, token, 'Apply/TransferPhase', { ...move, applyIds: [IDS.apply(2)] });
    expect(retried.body.data.successApplyIds).toEqual([IDS.apply(2)]);
    const tooMany = Array.from({ length: 101 }, (_, i) => IDS.apply(1000 + i));
    expect((await recruit(sandbox.url, token, 'Apply/TransferPhase', { ...move, applyIds: tooMany })).body).toEqual({ data: null, code: 400, message: 'applyIds 最多 100 个' });
    const state = (await beisenControl(sandbox.url, 'beisen/state')).body.tenants['100001'];
    const moved = state.applies.filter((a: { processStatusId: string }) => a.processStatusId === IDS.statusRejected).map((a: { applyId: string }) => a.applyId);
    expect(moved.sort()).toEqual([IDS.apply(1), IDS.apply(2), IDS.apply(3)]);
    expect(state.transfers.map((t: { applyId: string }) => t.applyId)).toEqual([IDS.apply(1), IDS.apply(3), IDS.apply(2)]);
    const today = (await recruit(sandbox.url, token, 'Apply/GetApplyListByModifiedTime', { startTime: '2026-12-01 00:00:00', endTime: '2099-01-01 00:00:00' })).body.data.items;
    expect(today.map((i: { applyId: string }) => i.applyId).sort()).toEqual(moved.sort());
  });
});
