import { createSandboxApp, type SandboxApp } from '../sandbox.app';
import { BEISEN_IDS, beisenControl, beisenIds, beisenTenant, beisenToken, recruit } from './beisen.test-kit';
import { limitClassOf } from './beisen-limits';

const OTHER = '100002';
const OTHER_APP = { appId: 'other-app', secret: 'other-secret' };

describe('Beisen simulator: rate limits per tenant × API', () => {
  let sandbox: SandboxApp;
  const records = async (query: string) => (await beisenControl(sandbox.url, `beisen/records?${query}`)).body as Array<{ status: number; outcome: string; detail?: { tenantId: string } }>;

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { beisen: { tenants: [beisenTenant(), beisenTenant(OTHER, OTHER_APP)] } } });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => beisenControl(sandbox.url, 'reset', {}));

  it('classes paths: /Get and Setting/* are list, TransferPhase its own, the rest write', () => {
    expect(['Apply/GetApplyListByApplyId', 'Setting/GetProcessConfigByCode', 'Apply/TransferPhase', 'Interview/CancelInterview', 'TalentPool/AddTags'].map(limitClassOf)).toEqual(['list', 'list', 'transferPhase', 'write', 'write']);
  });

  it('throttles the 21st list call within a second on one tenant (429, recorded throttled); another tenant is unaffected', async () => {
    const [a, b] = [await beisenToken(sandbox.url), await beisenToken(sandbox.url, OTHER, OTHER_APP)];
    const body = { applyIds: [BEISEN_IDS.apply(1)] };
    const answers = await Promise.all(Array.from({ length: 21 }, () => recruit(sandbox.url, a, 'Apply/GetApplyListByApplyId', body)));
    const throttled = answers.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled[0].body).toEqual({ code: 429, message: 'API调用频率超出限制，请稍后重试', data: null });
    expect(throttled[0].headers.get('retry-after')).toBeNull();
    const other = await recruit(sandbox.url, b, 'Apply/GetApplyListByApplyId', { applyIds: [beisenIds(OTHER).apply(1)] });
    expect(other.status).toBe(200);
    expect((await recruit(sandbox.url, a, 'Apply/GetApplyListByModifiedTime', { startTime: '2026-11-30 00:00:00', endTime: '2026-11-30 23:59:59' })).status).toBe(200);
    const listed = await records('api=Apply/GetApplyListByApplyId');
    expect(listed.filter((r) => r.outcome === 'throttled').map((r) => [r.status, r.detail?.tenantId])).toEqual(throttled.map(() => [429, '100001']));
    expect(listed.filter((r) => r.detail?.tenantId === OTHER).map((r) => r.outcome)).toEqual(['ok']);
  });

  it('never applies a throttled write, and sends Retry-After when set', async () => {
    await beisenControl(sandbox.url, 'beisen/settings', { limits: { write: { perSecond: 1 } }, retryAfterSeconds: 2 });
    const token = await beisenToken(sandbox.url);
    const cancel = (n: number) => recruit(sandbox.url, token, 'Interview/CancelInterview', { interviewId: BEISEN_IDS.interview(n), reason: 'x' });
    expect((await cancel(3)).body.code).toBe(200);
    await beisenControl(sandbox.url, 'beisen/interviews', { interviewId: BEISEN_IDS.interview(1), applyId: BEISEN_IDS.apply(1), startTime: '2026-12-02 10:00:00', status: 'Scheduled' });
    const refused = await cancel(1);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    const state = (await beisenControl(sandbox.url, 'beisen/state')).body.tenants['100001'];
    expect(state.interviews[0].status).toBe('Scheduled');
    expect(state.cancels.map((c: { interviewId: string }) => c.interviewId)).toEqual([BEISEN_IDS.interview(3)]);
    expect((await records('api=Interview/CancelInterview')).map((r) => r.outcome)).toEqual(['ok', 'throttled']);
  });

  it('enforces the per-minute window and the daily cap, and never limits OAuth/Token or AsyncApiExecInfo', async () => {
    await beisenControl(sandbox.url, 'beisen/settings', { limits: { list: { perSecond: 100, perMinute: 3 } } });
    const token = await beisenToken(sandbox.url);
    const call = () => recruit(sandbox.url, token, 'Setting/GetProcessConfigByCode', { code: 'SOCIAL' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await beisenControl(sandbox.url, 'reset', {});
    await beisenControl(sandbox.url, 'beisen/settings', { dailyCap: 2 });
    const fresh = await beisenToken(sandbox.url);
    const calls = [];
    for (let i = 0; i < 3; i++) calls.push((await recruit(sandbox.url, fresh, `Setting/GetProcessConfigBy${i ? 'Id' : 'Code'}`, { code: 'SOCIAL', processId: BEISEN_IDS.process })).status);
    expect(calls).toEqual([200, 200, 429]);
    for (let i = 0; i < 25; i++) await beisenToken(sandbox.url);
    const info = await fetch(`${sandbox.url}/OpenPlatform/api/AsyncApiExecInfo/GetByRequestId?requestId=x`, { headers: { authorization: `Bearer ${fresh}` } });
    expect(await info.json()).toEqual({ code: '417', message: 'requestId 不存在', data: null });
    expect((await records('kind=auth')).every((r) => r.outcome === 'ok')).toBe(true);
  });
});
