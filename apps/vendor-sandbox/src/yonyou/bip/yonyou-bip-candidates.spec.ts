import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import type { SandboxSeed } from '../../sandbox-options';
import type { BipCandidateSeed } from './yonyou-bip.types';
import { call, fetchToken, gateway } from './yonyou-bip.test-kit';

const LIST = '/yonbip/hrcloud/hrcandidate/list';
const DETAIL = '/yonbip/hrcloud/HRCloud/getGlobalCandidateDetail';
const UPDATE = '/yonbip/hrcloud/updateCandidate';
const ARCHIVE = '/yonbip/hrcloud/custom/interviewArchive';
const TAGS = '/yonbip/hrcloud/custom/talentTag';

const named: BipCandidateSeed[] = [
  {
    id: 'c-zhangwei',
    name: '张伟',
    mobile: '13800138001',
    email: 'zhangwei@example.com',
    status: 8,
    billstate: 3,
    modifiedAt: '2030-01-10 09:00:00',
    interview: { id: 'iv-1001', start: '2030-01-11 10:00:00', durationMinutes: 45 },
    position: { id: 'post-sales', name: '销售经理' },
    interviewers: [{ id: 'u-liuyang', name: '刘洋' }],
  },
  { id: 'c-lina', name: '李娜', mobile: '13900139002', email: 'lina@example.com', status: '7', modifiedAt: '2030-01-10 09:00:01' },
  { id: 'c-wangfang', name: '王芳', mobile: '13700137003', status: '8', modifiedAt: '2030-01-10 09:00:02' },
];
const others: BipCandidateSeed[] = Array.from({ length: 9 }, (_, i) => ({
  id: `c-other-${i}`,
  name: `候选人${i}`,
  mobile: `1360000000${i}`,
  status: '8',
  modifiedAt: `2030-01-10 10:00:0${i}`,
}));

const seed: SandboxSeed = {
  yonyou: {
    bip: {
      tenants: [{ tenantId: 'tenant-a', appKey: 'key-a', appSecret: 'secret-a' }],
      candidates: [...named, ...others],
      endpoints: { archive: ARCHIVE, tags: TAGS },
    },
  },
};

interface Page {
  pageIndex: number;
  pageCount: number;
  recordCount: number;
  recordList: Array<{ id: string; pubts: string; ts: string; status: string; mobile: string }>;
}

describe('YonBIP simulator: candidate APIs', () => {
  let sandbox: SandboxApp;
  let token: string;
  const api = (path: string, body: unknown) => gateway(sandbox.url, token, path, body);
  const state = async () => (await call(sandbox.url, 'GET', '/_sandbox/yonyou/bip/state')).body as Record<string, Array<Record<string, unknown>>>;

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, 'POST', '/_sandbox/reset');
    token = await fetchToken(sandbox.url, 'key-a', 'secret-a');
  });

  it('pages the list with every row exactly once, oldest change first, code 200 as a number', async () => {
    const pages: Page[] = [];
    for (let pageIndex = 1; pageIndex <= 3; pageIndex++) {
      const reply = await api(LIST, { pageIndex, pageSize: 5 });
      expect(reply.body).toMatchObject({ code: 200, message: expect.any(String) });
      pages.push((reply.body as { data: Page }).data);
    }
    expect(pages.map((p) => [p.pageIndex, p.recordList.length, p.recordCount, p.pageCount])).toEqual([
      [1, 5, 12, 3],
      [2, 5, 12, 3],
      [3, 2, 12, 3],
    ]);
    const ids = pages.flatMap((p) => p.recordList.map((r) => r.id));
    expect(new Set(ids).size).toBe(12);
    expect(ids.slice(0, 3)).toEqual(['c-zhangwei', 'c-lina', 'c-wangfang']);
    expect(pages[0].recordList[0]).toMatchObject({ pubts: '2030-01-10 09:00:00', ts: '2030-01-10 09:00:00', status: '8', mobile: '13800138001' });
    expect(((await api(LIST, { pageIndex: 4, pageSize: 5 })).body as { data: Page }).data.recordList).toEqual([]);
  });

  it('filters by status (number or text), mobile in any notation, email and pubts; refuses pageSize > 500', async () => {
    const ids = async (body: Record<string, unknown>) => ((await api(LIST, { pageSize: 50, ...body })).body as { data: Page }).data.recordList.map((r) => r.id);
    expect(await ids({ status: 7 })).toEqual(['c-lina']);
    expect(await ids({ status: '7' })).toEqual(['c-lina']);
    expect(await ids({ mobile: '+86-139 0013 9002' })).toEqual(['c-lina']);
    expect(await ids({ email: 'ZhangWei@example.com' })).toEqual(['c-zhangwei']);
    expect(await ids({ pubts: '2030-01-10 10:00:07' })).toEqual(['c-other-7', 'c-other-8']);
    expect((await api(LIST, { pageSize: 501 })).body).toMatchObject({ code: '999', displayCode: expect.any(String) });
  });

  it('shows the detail with the custom fields, code "200" as text, mobile with +86-; unknown ids answer 999', async () => {
    const reply = await api(DETAIL, { id: 'c-zhangwei' });
    expect(reply.body).toMatchObject({
      code: '200',
      data: {
        id: 'c-zhangwei',
        name: '张伟',
        mobile: '+86-13800138001',
        email: 'zhangwei@example.com',
        status: '8',
        billstate: '3',
        ts: '2030-01-10 09:00:00',
        interviewId: 'iv-1001',
        interviewTime: '2030-01-11 10:00:00',
        interviewEndTime: '2030-01-11 10:45:00',
        positionId: 'post-sales',
        positionName: '销售经理',
        interviewers: [{ id: 'u-liuyang', name: '刘洋' }],
        interview: [{ id: 'iv-1001', interviewBeginTime: '2030-01-11 10:00:00', interviewScore: [{ interviewName: '刘洋' }] }],
      },
    });
    expect((await api(DETAIL, { code: 'c-lina' })).body).toMatchObject({ code: '200', data: { id: 'c-lina' } });
    expect((await api(DETAIL, { id: 'nobody' })).body).toMatchObject({ code: '999', displayCode: expect.any(String) });
  });

  it('applies an update once per resubmitCheckKey inside data and answers a repeat like the first time', async () => {
    const first = await api(UPDATE, { data: { id: 'c-wangfang', status: '2', memo: '第一次', resubmitCheckKey: 'k-0001' } });
    expect(first.body).toMatchObject({ code: 200, data: { infos: [{ id: 'c-wangfang', status: '2', memo: '第一次' }], failInfos: {} } });
    const repeat = await api(UPDATE, { data: { id: 'c-wangfang', status: '3', memo: '第二次', resubmitCheckKey: 'k-0001' } });
    expect(repeat).toEqual(first);
    expect((await api(DETAIL, { id: 'c-wangfang' })).body).toMatchObject({ data: { status: '2', memo: '第一次' } });
    expect((await state()).resubmits).toEqual([expect.objectContaining({ key: 'k-0001', api: 'updateCandidate', applied: 1, repeats: 1, bodyDiffers: true })]);
  });

  it('answers a repeat with 10004 when set to, and never counts a key outside data', async () => {
    await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/settings', { duplicateReply: 'duplicateCode' });
    await api(UPDATE, { data: { id: 'c-wangfang', memo: 'a', resubmitCheckKey: 'k-0002' } });
    expect((await api(UPDATE, { data: { id: 'c-wangfang', memo: 'b', resubmitCheckKey: 'k-0002' } })).body).toMatchObject({ code: '10004' });
    await api(UPDATE, { data: { id: 'c-lina', memo: 'x' }, resubmitCheckKey: 'k-top' });
    await api(UPDATE, { data: { id: 'c-lina', memo: 'y' }, resubmitCheckKey: 'k-top' });
    expect((await api(DETAIL, { id: 'c-lina' })).body).toMatchObject({ data: { memo: 'y' } });
    expect((await state()).resubmits.map((r) => [r.key, r.repeats])).toEqual([['k-0002', 1]]);
    expect((await api(UPDATE, { data: { id: 'c-lina', resubmitCheckKey: 'k'.repeat(33) } })).body).toMatchObject({ code: '999' });
    expect((await api(UPDATE, { data: { id: 'nobody', resubmitCheckKey: 'k-0003' } })).body).toMatchObject({ code: '1002' });
    expect((await api(UPDATE, { data: { id: 'c-lina', resubmitCheckKey: 'k-0003' } })).body).toMatchObject({ code: 200 });
  });

  it('inserts a candidate once per resubmitCheckKey', async () => {
    const body = { data: { name: '赵磊', mobile: '13500135005', resubmitCheckKey: 'ins-1' } };
    const first = await api('/yonbip/hrcloud/insertGlobalCandidate', body);
    expect(first.body).toMatchObject({ code: 200, data: { infos: [{ name: '赵磊', mobile: '+86-13500135005' }] } });
    expect(await api('/yonbip/hrcloud/insertGlobalCandidate', body)).toEqual(first);
    expect(((await api(LIST, { mobile: '13500135005' })).body as { data: Page }).data.recordCount).toBe(1);
    expect((await api('/yonbip/hrcloud/insertGlobalCandidate', { data: { name: '无手机' } })).body).toMatchObject({ code: '999' });
  });

  it('moves pubts on every applied update', async () => {
    await api(UPDATE, { data: { id: 'c-zhangwei', memo: 'm' } });
    const row = ((await api(LIST, { idList: ['c-zhangwei'] })).body as { data: Page }).data.recordList[0];
    expect(row.pubts).not.toBe('2030-01-10 09:00:00');
  });

  it('takes archive and tag writes on the tenant-built paths once per key', async () => {
    const archive = { data: { candidateId: 'c-zhangwei', text: '面试取消，已归档' }, resubmitCheckKey: 'arch-1' };
    expect((await api(ARCHIVE, archive)).body).toMatchObject({ code: '200', data: { candidateId: 'c-zhangwei' } });
    await api(ARCHIVE, archive);
    await api(TAGS, { data: { candidateId: 'c-zhangwei', tags: ['人才库'], resubmitCheckKey: 'tag-1' } });
    const writes = (await state()).endpointWrites;
    expect(writes.map((w) => [w.kind, w.candidateId, w.resubmitCheckKey])).toEqual([
      ['archive', 'c-zhangwei', 'arch-1'],
      ['tags', 'c-zhangwei', 'tag-1'],
    ]);
    expect((await api(ARCHIVE, { data: { candidateId: 'nobody' } })).body).toMatchObject({ code: '1002' });
  });

  it('adds, shows and deletes candidates through the control API', async () => {
    const added = await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/candidates', { id: 'c-new', name: '赵磊', mobile: '13500135005', status: '8' });
    expect(added).toMatchObject({ status: 200, body: { id: 'c-new', tenantId: 'tenant-a' } });
    expect((await api(DETAIL, { id: 'c-new' })).body).toMatchObject({ code: '200', data: { name: '赵磊' } });
    expect((await call(sandbox.url, 'GET', '/_sandbox/yonyou/bip/candidates/c-new')).body).toMatchObject({ mobile: '+86-13500135005' });
    expect((await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/candidates', { id: 'c-bad' })).status).toBe(400);
    await call(sandbox.url, 'DELETE', '/_sandbox/yonyou/bip/candidates/c-new');
    expect((await api(DETAIL, { id: 'c-new' })).body).toMatchObject({ code: '999' });
  });

  it('answers faults from /_sandbox/faults: 429, a throttling code, a slow answer', async () => {
    const path = `/iuap-api-gateway${LIST}`;
    await call(sandbox.url, 'POST', '/_sandbox/faults', {
      method: 'POST',
      path,
      responses: [{ status: 429, body: { code: '429', message: 'Too Many Requests' } }, { status: 200, body: { code: '310032', message: '调用频率超限' } }, { status: 200, delayMs: 300, body: { code: 200, data: { slow: true } } }],
    });
    expect((await api(LIST, {})).status).toBe(429);
    expect((await api(LIST, {})).body).toMatchObject({ code: '310032' });
    // The slow answer (300 ms late, no timing asserted here) is the canned one; a caller's short timeout trips on it.
    expect((await api(LIST, {})).body).toEqual({ code: 200, data: { slow: true } });
    expect((await api(LIST, {})).body).toMatchObject({ code: 200, data: { recordCount: 12 } });
    const outcomes = ((await call(sandbox.url, 'GET', '/_sandbox/yonyou/bip/records?api=hrcandidate/list')).body as Array<{ outcome: string }>).map((r) => r.outcome);
    expect(outcomes).toEqual(['fault', 'fault', 'fault', 'ok']);
  });
});
