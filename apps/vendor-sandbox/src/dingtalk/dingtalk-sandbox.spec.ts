import { createSandboxApp, type SandboxApp } from '../sandbox.app';
import type { SandboxSeed } from '../sandbox-options';

const DAY = 24 * 3600_000;
const BASE = Date.UTC(2030, 0, 10, 2, 0); // 2030-01-10 10:00 Beijing

const seed: SandboxSeed = {
  dingtalk: {
    apps: [{ corpId: 'corp-a', appKey: 'key-a', appSecret: 'secret-a', agentId: '20001' }],
    jobs: [{ jobId: 'job-1', name: '销售经理' }],
    candidates: [
      { candidateId: 'cand-1', name: '张伟', phone: '13800138001' },
      { candidateId: 'cand-2', name: '李娜', phone: '13900139002' },
    ],
    interviews: [1, 2, 3, 4, 5].map((n) => ({
      interviewId: `iv-${n}`,
      candidateId: 'cand-1',
      jobId: 'job-1',
      startTimeMillis: BASE + n * DAY,
      durationMinutes: 30,
      creatorUserId: 'hr-1',
      interviewers: ['mgr-1', 'hr-1'],
    })),
  },
};

interface Reply {
  status: number;
  contentType: string;
  body: unknown;
}

describe('DingTalk simulator (HTTP)', () => {
  let sandbox: SandboxApp;

  async function call(method: string, path: string, init: { body?: unknown; token?: string } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token) headers['x-acs-dingtalk-access-token'] = init.token;
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // HTML or plain text stays a string
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
  }

  async function token(): Promise<string> {
    const reply = await call('POST', '/v1.0/oauth2/accessToken', { body: { appKey: 'key-a', appSecret: 'secret-a' } });
    return (reply.body as { accessToken: string }).accessToken;
  }

  const query = (t: string, params: string, body: Record<string, unknown>): Promise<Reply> =>
    call('POST', `/v1.0/ats/interviews/query?bizCode=ddats${params}`, { token: t, body });

  const window = { candidateId: 'cand-1', startTimeBeginMillis: BASE, startTimeEndMillis: BASE + 10 * DAY };

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    await call('POST', '/_sandbox/reset');
  });

  it('answers health', async () => {
    expect(await call('GET', '/_sandbox/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  describe('access token', () => {
    it('returns the same token with a full TTL inside the window', async () => {
      const first = await call('POST', '/v1.0/oauth2/accessToken', { body: { appKey: 'key-a', appSecret: 'secret-a' } });
      expect(first).toMatchObject({ status: 200, body: { expireIn: 7200 } });
      expect(await token()).toBe((first.body as { accessToken: string }).accessToken);
    });

    it('refuses a wrong secret with a v1.0 error body', async () => {
      const reply = await call('POST', '/v1.0/oauth2/accessToken', { body: { appKey: 'key-a', appSecret: 'nope' } });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ code: 'invalidClientIdOrSecret', message: expect.any(String), requestid: expect.any(String) });
    });

    it('serves the legacy gettoken with errcode bodies', async () => {
      expect(await call('GET', '/gettoken?appkey=key-a&appsecret=secret-a')).toMatchObject({
        status: 200,
        body: { errcode: 0, access_token: expect.any(String), expires_in: 7200 },
      });
      expect(await call('GET', '/gettoken?appkey=key-a&appsecret=x')).toMatchObject({ status: 200, body: { errcode: 40096 } });
    });

    it('rejects missing, unknown and expired tokens; a new token works after expiry', async () => {
      expect(await query('', '', window)).toMatchObject({ status: 400, body: { code: 'AuthenticationFailed.MissingParameter' } });
      expect(await query('bogus', '', window)).toMatchObject({ status: 400, body: { code: 'InvalidAuthentication' } });
      const old = await token();
      expect(await call('POST', '/_sandbox/dingtalk/tokens/expire')).toMatchObject({ body: { expired: 1 } });
      expect(await query(old, '', window)).toMatchObject({ status: 400, body: { code: 'InvalidAuthentication' } });
      const fresh = await token();
      expect(fresh).not.toBe(old);
      expect((await query(fresh, '', window)).status).toBe(200);
    });
  });

  describe('interview query', () => {
    it('pages with nextToken until hasMore is false', async () => {
      const t = await token();
      const ids: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const reply = await query(t, `&size=2${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`, window);
        expect(reply.status).toBe(200);
        const page = reply.body as { totalCount: number; hasMore: boolean; nextToken?: string; list: Array<{ interviewId: string }> };
        expect(page.totalCount).toBe(5);
        ids.push(...page.list.map((i) => i.interviewId));
        nextToken = page.hasMore ? page.nextToken : undefined;
        if (!page.hasMore) expect(page.nextToken).toBeUndefined();
        pages += 1;
      } while (nextToken);
      expect(pages).toBe(3);
      expect(ids).toEqual(['iv-1', 'iv-2', 'iv-3', 'iv-4', 'iv-5']);
    });

    it('returns the documented item shape and filters on start time', async () => {
      const reply = await query(await token(), '&size=200', { ...window, startTimeEndMillis: BASE + 2 * DAY });
      expect(reply.body).toEqual({
        totalCount: 2,
        hasMore: false,
        list: [1, 2].map((n) => ({
          interviewId: `iv-${n}`,
          jobId: 'job-1',
          startTimeMillis: BASE + n * DAY,
          endTimeMillis: BASE + n * DAY + 30 * 60_000,
          cancelled: false,
          creatorUserId: 'hr-1',
          interviewers: [{ userId: 'mgr-1' }, { userId: 'hr-1' }],
        })),
      });
    });

    it('enforces the 30-day span, size ≤ 200 and a valid nextToken', async () => {
      const t = await token();
      const thirty = { ...window, startTimeEndMillis: BASE + 30 * DAY };
      expect((await query(t, '', thirty)).status).toBe(200);
      expect(await query(t, '', { ...thirty, startTimeEndMillis: BASE + 30 * DAY + 1 })).toMatchObject({
        status: 400,
        body: { code: 'invalidParam' },
      });
      expect(await query(t, '&size=201', window)).toMatchObject({ status: 400, body: { code: 'invalidParam' } });
      expect(await query(t, '&nextToken=garbage', window)).toMatchObject({ status: 400, body: { code: 'invalidParam' } });
      expect(await query(t, '', { candidateId: 'cand-1' })).toMatchObject({ status: 400, body: { code: 'invalidParam' } });
    });

    it('answers 404 candidate.notExists for an unknown candidate', async () => {
      expect(await query(await token(), '', { ...window, candidateId: 'ghost' })).toMatchObject({
        status: 404,
        body: { code: 'candidate.notExists', requestid: expect.any(String) },
      });
    });
  });

  describe('lookups and writes', () => {
    it('looks up jobs, candidates by phone and flow ids', async () => {
      const t = await token();
      expect(await call('GET', '/v1.0/ats/jobs/job-1?bizCode=ddats', { token: t })).toMatchObject({
        status: 200,
        body: { jobId: 'job-1', name: '销售经理' },
      });
      expect(await call('GET', '/v1.0/ats/jobs/nope', { token: t })).toMatchObject({ status: 404, body: { code: 'job.notExists' } });
      expect(await call('GET', '/v1.0/ats/candidates?phoneNumber=13900139002', { token: t })).toMatchObject({
        body: { candidateId: 'cand-2', name: '李娜' },
      });
      expect(await call('GET', '/v1.0/ats/flows/ids?relationEntity=interview&relationEntityId=iv-1', { token: t })).toMatchObject({
        body: { flowId: 'flow-iv-1' },
      });
    });

    it('accepts status, archive and notification writes and records their bodies', async () => {
      const t = await token();
      const delivery = { deliverUserId: 'cand-1', status: 23, opTime: BASE, channelOuterId: 'effect-1' };
      expect(await call('PUT', '/v1.0/ats/jobs/deliveryStatus?bizCode=ddats&jobId=job-1', { token: t, body: delivery })).toMatchObject({
        status: 200,
        body: { success: true },
      });
      expect(
        await call('PUT', '/v1.0/ats/jobs/deliveryStatus?bizCode=ddats&jobId=job-1', { token: t, body: { ...delivery, status: '23' } }),
      ).toMatchObject({ status: 400, body: { code: 'invalidParam' } });
      const archive = { interviewId: 'iv-1', interviewType: 'ai_cloud', candidateInfoVOList: [{ bizCandidateId: 'cand-1' }] };
      expect(await call('POST', '/v1.0/ats/ai/interview/interviewInfos/sync', { token: t, body: archive })).toMatchObject({
        body: { result: true, success: true },
      });
      const message = { agent_id: 20001, userid_list: 'mgr-1,hr-1', msg: { msgtype: 'text', text: { content: '面试取消' } } };
      expect(await call('POST', `/topapi/message/corpconversation/asyncsend_v2?access_token=${t}`, { body: message })).toMatchObject({
        status: 200,
        body: { errcode: 0, errmsg: 'ok', task_id: expect.any(Number), request_id: expect.any(String) },
      });
      expect(await call('POST', '/topapi/message/corpconversation/asyncsend_v2?access_token=bad', { body: message })).toMatchObject({
        status: 200,
        body: { errcode: 88, sub_code: '40014' },
      });

      const writes = (await call('GET', '/_sandbox/dingtalk/records?kind=write')).body as Array<{ api: string; body: unknown; outcome: string }>;
      expect(writes.map((w) => [w.api, w.outcome])).toEqual([
        ['UpdateJobDeliver', 'ok'],
        ['UpdateJobDeliver', 'error'],
        ['SyncInterviewInfoToAIInterviewAssistant', 'ok'],
      ]);
      expect(writes[0].body).toEqual(delivery);
      const notes = (await call('GET', '/_sandbox/dingtalk/records?kind=notification')).body as unknown[];
      expect(notes).toHaveLength(2);
      expect(((await call('GET', '/_sandbox/dingtalk/records?kind=token')).body as unknown[]).length).toBe(1);
    });

    it('answers unknown paths like each DingTalk origin does', async () => {
      expect(await call('GET', '/v1.0/ats/nothing')).toMatchObject({ status: 404, body: { code: expect.any(String) } });
      expect(await call('POST', '/topapi/nothing')).toMatchObject({ status: 200, body: { errcode: 404 } });
    });
  });

  describe('throttling, bans and faults', () => {
    it('throttles per API: v1.0 403 QpsLimitForApi, oapi HTTP 200 errcode 90002', async () => {
      const t = await token();
      await call('POST', '/_sandbox/dingtalk/rate-limit', {
        body: { apiQps: { QueryInterviews: 2, 'corpconversation.asyncsend_v2': 2 } },
      });
      const v1 = await Promise.all(Array.from({ length: 6 }, () => query(t, '', window)));
      const throttled = v1.filter((r) => r.status === 403);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled[0].body).toMatchObject({ code: 'Forbidden.AccessDenied.QpsLimitForApi', requestid: expect.any(String) });
      const message = { agent_id: 20001, userid_list: 'u1', msg: { msgtype: 'text', text: { content: 'x' } } };
      const legacy = await Promise.all(
        Array.from({ length: 6 }, () => call('POST', `/topapi/message/corpconversation/asyncsend_v2?access_token=${t}`, { body: message })),
      );
      expect(legacy.every((r) => r.status === 200)).toBe(true);
      expect(legacy.some((r) => (r.body as { errcode: number }).errcode === 90002)).toBe(true);
      const records = (await call('GET', '/_sandbox/dingtalk/records?kind=query')).body as Array<{ outcome: string }>;
      expect(records.some((r) => r.outcome === 'throttled')).toBe(true);
    });

    it('bans the IP with the odd JSON or an HTML page until lifted', async () => {
      await call('POST', '/_sandbox/dingtalk/ip-ban', { body: { enabled: true } });
      expect(await call('POST', '/v1.0/oauth2/accessToken', { body: {} })).toMatchObject({
        body: { status: 1111, punish: 'deny' },
      });
      await call('POST', '/_sandbox/dingtalk/ip-ban', { body: { enabled: true, format: 'html', status: 403 } });
      const html = await call('GET', '/gettoken?appkey=key-a&appsecret=secret-a');
      expect(html.status).toBe(403);
      expect(html.contentType).toContain('text/html');
      await call('POST', '/_sandbox/dingtalk/ip-ban', { body: { enabled: false } });
      expect((await call('GET', '/gettoken?appkey=key-a&appsecret=secret-a')).body).toMatchObject({ errcode: 0 });
    });

    it('bans an IP on its own after too many calls in the window', async () => {
      await call('POST', '/_sandbox/dingtalk/rate-limit', { body: { ipLimit: { max: 3, windowMs: 60_000, banMs: 60_000 } } });
      const replies = [];
      for (let i = 0; i < 5; i++) replies.push(await call('GET', '/gettoken?appkey=key-a&appsecret=secret-a'));
      expect(replies.map((r) => (r.body as { errcode?: number; status?: number }).errcode ?? (r.body as { status: number }).status)).toEqual([
        0, 0, 0, 1111, 1111,
      ]);
    });

    it('answers injected faults for the next N matching calls, then recovers', async () => {
      const t = await token();
      const systemError = { code: 'systemError', message: '系统错误', requestid: 'R-1' };
      expect(
        await call('POST', '/_sandbox/faults', {
          body: { method: 'POST', path: '/v1.0/ats/interviews/query', responses: [{ status: 500, body: systemError }], times: 2 },
        }),
      ).toMatchObject({ status: 200, body: { remaining: 2 } });
      expect(await query(t, '', window)).toMatchObject({ status: 500, body: systemError });
      expect(await query(t, '', window)).toMatchObject({ status: 500, body: systemError });
      expect((await query(t, '', window)).status).toBe(200);
      const records = (await call('GET', '/_sandbox/dingtalk/records?kind=query')).body as Array<{ outcome: string }>;
      expect(records.map((r) => r.outcome)).toEqual(['fault', 'fault', 'ok']);
    });

    it('applies a write whose answer a loseAnswer fault swallows: the caller sees a closed connection, the state the write', async () => {
      const t = await token();
      await call('POST', '/_sandbox/faults', { body: { method: 'PUT', path: '/v1.0/ats/jobs/deliveryStatus', responses: [{ loseAnswer: true }] } });
      const delivery = { deliverUserId: 'cand-1', status: 25, opTime: BASE + 1, channelOuterId: 'effect-lost' };
      await expect(call('PUT', '/v1.0/ats/jobs/deliveryStatus?bizCode=ddats&jobId=job-1', { token: t, body: delivery })).rejects.toThrow();
      const state = (await call('GET', '/_sandbox/dingtalk/state')).body as { deliveryStatuses: { deliverUserId: string; channelOuterId: string }[] };
      expect(state.deliveryStatuses.filter((d) => d.channelOuterId === 'effect-lost')).toHaveLength(1);
      const records = (await call('GET', '/_sandbox/dingtalk/records?kind=write')).body as Array<{ outcome: string; body: { channelOuterId?: string } }>;
      expect(records.filter((r) => r.body?.channelOuterId === 'effect-lost').map((r) => r.outcome)).toEqual(['answer_lost']);
      expect((await call('PUT', '/v1.0/ats/jobs/deliveryStatus?bizCode=ddats&jobId=job-1', { token: t, body: delivery })).status).toBe(200);
    });
  });
});
