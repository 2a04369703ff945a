import { createSandboxApp, type SandboxApp } from '../sandbox.app';
import type { SandboxSeed } from '../sandbox-options';

const DAY = 24 * 3600_000;
const BASE = Date.UTC(2030, 0, 10, 2, 0);

const seed: SandboxSeed = {
  dingtalk: {
    apps: [{ corpId: 'corp-a', appKey: 'key-a', appSecret: 'secret-a', agentId: '20001' }],
    jobs: [{ jobId: 'job-1', name: '销售经理' }],
    candidates: [{ candidateId: 'cand-1', name: '张伟', phone: '13800138001' }],
    interviews: [1, 2, 3].map((n) => ({
      interviewId: `iv-${n}`,
      candidateId: 'cand-1',
      jobId: 'job-1',
      startTimeMillis: BASE + n * DAY,
      creatorUserId: 'hr-1',
      interviewers: ['mgr-1'],
    })),
  },
};

interface Reply {
  status: number;
  body: unknown;
}

describe('DingTalk simulator: flow search and flow info', () => {
  let sandbox: SandboxApp;

  async function call(method: string, path: string, init: { body?: unknown; token?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token) headers['x-acs-dingtalk-access-token'] = init.token;
    const response = await fetch(`${sandbox.url}${path}`, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  }

  async function token(): Promise<string> {
    return ((await call('POST', '/v1.0/oauth2/accessToken', { body: { appKey: 'key-a', appSecret: 'secret-a' } })).body as { accessToken: string }).accessToken;
  }

  const search = (t: string, body: Record<string, unknown>): Promise<Reply> => call('POST', '/v1.0/ats/flows/search?bizCode=ddats', { token: t, body });
  const wide = (): Record<string, unknown> => ({ minModifyTimeMills: Date.now() - DAY, maxModifyTimeMills: Date.now() + DAY, opUserId: 'hr-1' });

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call('POST', '/_sandbox/reset'));

  it('refuses a missing required field, a reversed window, a bad size or a foreign cursor with 400 invalidParam', async () => {
    const t = await token();
    for (const missing of ['minModifyTimeMills', 'maxModifyTimeMills', 'opUserId']) {
      const body = wide();
      delete body[missing];
      expect(await search(t, body)).toMatchObject({ status: 400, body: { code: 'invalidParam', message: expect.stringContaining(missing) } });
    }
    const now = Date.now();
    expect((await search(t, { ...wide(), minModifyTimeMills: now, maxModifyTimeMills: now - 1 })).status).toBe(400);
    expect((await search(t, { ...wide(), size: 0 })).status).toBe(400);
    expect((await search(t, { ...wide(), size: 201 })).status).toBe(400);
    expect((await search(t, { ...wide(), cursor: 'bogus' })).status).toBe(400);
    expect((await call('POST', '/v1.0/ats/flows/search?bizCode=other', { token: t, body: wide() })).status).toBe(400);
  });

  it('needs a token like every ATS call', async () => {
    expect(await call('POST', '/v1.0/ats/flows/search', { body: wide() })).toMatchObject({ status: 400, body: { code: 'AuthenticationFailed.MissingParameter' } });
    expect((await call('GET', '/v1.0/ats/flows/flow-iv-1/info')).status).toBe(400);
  });

  it('pages the flows modified in the window with a cursor', async () => {
    const t = await token();
    const window = wide();
    const first = await search(t, { ...window, size: 2 });
    expect(first).toMatchObject({ status: 200, body: { hasMore: true, totalCount: 3, nextCursor: expect.any(String) } });
    const page1 = first.body as { list: string[]; nextCursor: string };
    expect(page1.list).toHaveLength(2);
    const second = await search(t, { ...window, size: 2, cursor: page1.nextCursor });
    expect(second).toMatchObject({ status: 200, body: { hasMore: false, totalCount: 3 } });
    expect(second.body).not.toHaveProperty('nextCursor');
    expect([...page1.list, ...(second.body as { list: string[] }).list].sort()).toEqual(['flow-iv-1', 'flow-iv-2', 'flow-iv-3']);
    const past = await search(t, { minModifyTimeMills: 0, maxModifyTimeMills: Date.now() - DAY, opUserId: 'hr-1' });
    expect(past.body).toEqual({ hasMore: false, list: [], totalCount: 0 });
  });

  it('bumps a flow modify time when an interview is created or cancelled through the control API', async () => {
    const t = await token();
    const before = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    const since = Date.now();
    await call('POST', '/_sandbox/dingtalk/interviews', {
      body: { interviewId: 'iv-new', candidateId: 'cand-new', name: '王芳', phone: '13700137000', jobId: 'job-1', startTimeMillis: BASE + DAY, interviewers: ['mgr-1'] },
    });
    await call('POST', '/_sandbox/dingtalk/interviews/iv-2/cancel', { body: { pushCount: 0 } });
    const recent = await search(t, { minModifyTimeMills: since, maxModifyTimeMills: Date.now() + 1000, opUserId: 'hr-1' });
    expect((recent.body as { list: string[] }).list.sort()).toEqual(['flow-iv-2', 'flow-iv-new']);
    expect(before).toBeLessThan(since);
    const info = await call('GET', '/v1.0/ats/flows/flow-iv-new/info?bizCode=ddats', { token: t });
    expect(info).toMatchObject({
      status: 200,
      body: { flowId: 'flow-iv-new', candidateId: 'cand-new', jobId: 'job-1', currentStatus: expect.any(String), sourceName: expect.any(String), createTime: expect.any(Number) },
    });
    expect(await call('GET', '/v1.0/ats/flows/nope/info?bizCode=ddats', { token: t })).toMatchObject({ status: 404, body: { code: 'flow.notExists' } });
  });

  it('records, throttles and fault-injects both calls under their SDK names', async () => {
    const t = await token();
    await call('POST', '/_sandbox/faults', { body: { method: 'POST', path: '/v1.0/ats/flows/search', responses: [{ status: 500, body: { code: 'systemError', message: 'x', requestid: 'r' } }] } });
    expect((await search(t, wide())).status).toBe(500);
    expect((await search(t, wide())).status).toBe(200);
    await call('GET', '/v1.0/ats/flows/flow-iv-1/info?bizCode=ddats', { token: t });
    const records = (await call('GET', '/_sandbox/dingtalk/records?kind=query')).body as Array<{ api: string; outcome: string }>;
    expect(records.map((r) => [r.api, r.outcome])).toEqual([
      ['SearchFlow', 'fault'],
      ['SearchFlow', 'ok'],
      ['GetFlowInfo', 'ok'],
    ]);
    await call('POST', '/_sandbox/dingtalk/rate-limit', { body: { apiQps: { SearchFlow: 1 } } });
    const replies = await Promise.all(Array.from({ length: 4 }, () => search(t, wide())));
    expect(replies.some((r) => r.status === 403 && (r.body as { code: string }).code === 'Forbidden.AccessDenied.QpsLimitForApi')).toBe(true);
  });
});
