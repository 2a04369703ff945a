import { OutboundPolicy, type Connection } from '@hub/connector-sdk';
import { DingTalkApiClient } from './dingtalk-api.client';
import { FakeDingTalkServer, tokenRoute, type RecordedRequest } from './dingtalk-fake.server';
import { connectorFailure, fakeServerConnection } from './dingtalk-test.fixtures';

const DAY = 86_400_000;

function conn(server: FakeDingTalkServer, settings: Record<string, unknown> = {}): Connection {
  return fakeServerConnection(server, {}, settings);
}

describe('DingTalkApiClient', () => {
  let server: FakeDingTalkServer;
  beforeEach(async () => {
    server = await new FakeDingTalkServer().start();
  });
  afterEach(() => server.stop());

  it('fetches the token once with appKey/appSecret and sends it as x-acs-dingtalk-access-token', async () => {
    server.route(tokenRoute('tok-A')).route((r) => (r.path === '/v1.0/ats/interviews/query' ? { body: { hasMore: false, list: [] } } : undefined));
    const client = new DingTalkApiClient();
    const c = conn(server);
    await client.queryInterviews(c, 'cand-1', 0, DAY);
    await client.queryInterviews(c, 'cand-1', 0, DAY);
    const tokenCalls = server.calls('/v1.0/oauth2/accessToken');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0].body).toEqual({ appKey: 'ak', appSecret: 'as' });
    expect(server.calls('/v1.0/ats/interviews/query')[0].headers['x-acs-dingtalk-access-token']).toBe('tok-A');
  });

  it('refreshes the token once when a call answers AUTH_EXPIRED', async () => {
    let tokens = 0;
    server
      .route((r) => (r.path === '/v1.0/oauth2/accessToken' ? { body: { accessToken: `tok-${++tokens}`, expireIn: 7200 } } : undefined))
      .route((r) => {
        if (r.path !== '/v1.0/ats/interviews/query') return undefined;
        return r.headers['x-acs-dingtalk-access-token'] === 'tok-1'
          ? { status: 401, body: { code: 'InvalidAuthentication', message: '不合法的access_token', requestid: 'r' } }
          : { body: { hasMore: false, list: [{ interviewId: 'i1', cancelled: true }] } };
      });
    const list = await new DingTalkApiClient().queryInterviews(conn(server), 'c', 0, DAY);
    expect(list.map((i) => i.interviewId)).toEqual(['i1']);
    expect(tokens).toBe(2);
  });

  it("calls DingTalk only where the hub's outbound policy permits (its base URLs are tenant config)", async () => {
    server.route(tokenRoute('tok-A')).route((r) => (r.path === '/v1.0/ats/interviews/query' ? { body: { hasMore: false, list: [] } } : undefined));
    const guarded = new DingTalkApiClient();
    guarded.useOutboundPolicy(new OutboundPolicy({ allow: [] }));
    const e = await connectorFailure(guarded.queryInterviews(conn(server), 'c', 0, DAY));
    expect(e.kind).toBe('PERMANENT');
    expect(e.details.ambiguous).toBe(false);
    expect(e.message).toMatch(/not allowed by the hub's outbound policy/);
    expect(server.requests).toHaveLength(0);

    const allowed = new DingTalkApiClient();
    allowed.useOutboundPolicy(new OutboundPolicy({ allow: ['127.0.0.1'] }));
    await allowed.queryInterviews(conn(server), 'c', 0, DAY);
    expect(server.calls('/v1.0/ats/interviews/query')).toHaveLength(1);
  });

  it('turns refused credentials into a PERMANENT error', async () => {
    server.route((r) => (r.path === '/v1.0/oauth2/accessToken' ? { status: 400, body: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' } } : undefined));
    const e = await connectorFailure(new DingTalkApiClient().queryInterviews(conn(server), 'c', 0, DAY));
    expect(e.kind).toBe('PERMANENT');
  });

  it('queries every ≤30-day slice and follows nextToken through all pages', async () => {
    server.route(tokenRoute()).route((r) => {
      if (r.path !== '/v1.0/ats/interviews/query') return undefined;
      const body = r.body as { startTimeBeginMillis: number };
      const slice = body.startTimeBeginMillis === 0 ? 'a' : 'b';
      if (!r.query.nextToken) return { body: { hasMore: true, nextToken: `${slice}-2`, list: [{ interviewId: `${slice}1` }] } };
      return { body: { hasMore: false, nextToken: '', list: [{ interviewId: `${slice}2` }, { interviewId: 'a1' }] } };
    });
    const list = await new DingTalkApiClient().queryInterviews(conn(server, { pageSize: 50 }), 'cand-9', 0, 31 * DAY);
    expect(list.map((i) => i.interviewId)).toEqual(['a1', 'a2', 'b1', 'b2']);
    const calls: RecordedRequest[] = server.calls('/v1.0/ats/interviews/query');
    expect(calls).toHaveLength(4);
    expect(calls[0].method).toBe('POST');
    expect(calls[0].query).toEqual({ bizCode: 'ddats', size: '50' });
    expect(calls[1].query).toEqual({ bizCode: 'ddats', size: '50', nextToken: 'a-2' });
    for (const c of calls) {
      const b = c.body as { candidateId: string; startTimeBeginMillis: number; startTimeEndMillis: number };
      expect(b.candidateId).toBe('cand-9');
      expect(b.startTimeEndMillis - b.startTimeBeginMillis).toBeLessThanOrEqual(30 * DAY);
    }
  });

  it('stops paging when DingTalk repeats the same nextToken', async () => {
    server.route(tokenRoute()).route((r) => (r.path === '/v1.0/ats/interviews/query' ? { body: { hasMore: true, nextToken: 'same', list: [] } } : undefined));
    await new DingTalkApiClient().queryInterviews(conn(server), 'c', 0, DAY);
    expect(server.calls('/v1.0/ats/interviews/query')).toHaveLength(2);
  });

  it('maps 404 candidate.notExists to NOT_FOUND', async () => {
    server.route(tokenRoute()).route((r) =>
      r.path === '/v1.0/ats/interviews/query' ? { status: 404, body: { code: 'candidate.notExists', message: 'x', requestid: 'r' } } : undefined,
    );
    const e = await connectorFailure(new DingTalkApiClient().queryInterviews(conn(server), 'nobody', 0, DAY));
    expect([e.kind, e.details.vendorCode]).toEqual(['NOT_FOUND', 'candidate.notExists']);
  });

  it('maps the per-IP HTML ban to RATE_LIMITED for 5 minutes', async () => {
    server.route(tokenRoute()).route((r) => (r.path === '/v1.0/ats/interviews/query' ? { status: 200, body: '<html><body>denied</body></html>' } : undefined));
    const e = await connectorFailure(new DingTalkApiClient().queryInterviews(conn(server), 'c', 0, DAY));
    expect([e.kind, e.details.retryAfterMs]).toEqual(['RATE_LIMITED', 300_000]);
  });

  it('sends work notifications to oapi with ?access_token= and returns the task id', async () => {
    server.route(tokenRoute('tok-L')).route((r) =>
      r.path === '/topapi/message/corpconversation/asyncsend_v2' ? { body: { errcode: 0, errmsg: 'ok', task_id: 256271667526, request_id: 'req-9' } } : undefined,
    );
    const result = await new DingTalkApiClient().sendWorkNotification(conn(server), { agentId: 123, userIds: ['u1', 'u2'], content: '面试已取消' });
    expect(result).toEqual({ taskId: '256271667526', requestId: 'req-9' });
    const [call] = server.calls('/topapi/message/corpconversation/asyncsend_v2');
    expect(call.query).toEqual({ access_token: 'tok-L' });
    expect(call.headers['x-acs-dingtalk-access-token']).toBeUndefined();
    expect(call.body).toEqual({ agent_id: 123, userid_list: 'u1,u2', to_all_user: false, msg: { msgtype: 'text', text: { content: '面试已取消' } } });
  });

  it('maps legacy errcodes on oapi: 90002 RATE_LIMITED, 42001 refreshes the token', async () => {
    let sends = 0;
    server.route(tokenRoute()).route((r) => {
      if (r.path !== '/topapi/message/corpconversation/asyncsend_v2') return undefined;
      sends++;
      return sends === 1 ? { body: { errcode: 42001, errmsg: 'access_token超时' } } : sends === 2 ? { body: { errcode: 0, task_id: 1 } } : { body: { errcode: 90002, errmsg: 'limit' } };
    });
    const client = new DingTalkApiClient();
    await expect(client.sendWorkNotification(conn(server), { agentId: 1, userIds: ['u'], content: 'x' })).resolves.toEqual({ taskId: '1', requestId: undefined });
    expect(server.calls('/v1.0/oauth2/accessToken')).toHaveLength(2);
    const e = await connectorFailure(client.sendWorkNotification(conn(server), { agentId: 1, userIds: ['u'], content: 'x' }));
    expect(e.kind).toBe('RATE_LIMITED');
  });

  it('writes the delivery status with PUT, bizCode and jobId in the query', async () => {
    server.route(tokenRoute()).route((r) => (r.path === '/v1.0/ats/jobs/deliveryStatus' ? { body: { success: true }, headers: { 'x-acs-request-id': 'rq-1' } } : undefined));
    const result = await new DingTalkApiClient().updateDeliveryStatus(conn(server), { jobId: 'job-1', deliverUserId: 'cand-1', status: 23, opTime: 5, channelOuterId: 'k1' });
    expect(result.requestId).toBe('rq-1');
    const [call] = server.calls('/v1.0/ats/jobs/deliveryStatus');
    expect([call.method, call.query]).toEqual(['PUT', { bizCode: 'ddats', jobId: 'job-1' }]);
    expect(call.body).toEqual({ deliverUserId: 'cand-1', status: 23, opTime: 5, channelOuterId: 'k1' });
  });

  it('treats success:false from the interview sync as PERMANENT', async () => {
    server.route(tokenRoute()).route((r) => (r.path === '/v1.0/ats/ai/interview/interviewInfos/sync' ? { body: { result: false, success: false } } : undefined));
    const e = await connectorFailure(new DingTalkApiClient().syncInterviewInfo(conn(server), { interviewId: 'i' }));
    expect(e.kind).toBe('PERMANENT');
  });

  it('reads the job title from the optional job lookup', async () => {
    server.route(tokenRoute()).route((r) => (r.path === '/v1.0/ats/jobs/job-7' ? { body: { jobId: 'job-7', name: '销售经理' } } : undefined));
    await expect(new DingTalkApiClient().getJobTitle(conn(server), 'job-7')).resolves.toBe('销售经理');
    expect(server.calls('/v1.0/ats/jobs/job-7')[0].query).toEqual({ bizCode: 'ddats' });
  });

  it('turns a refused connection into TEMPORARY', async () => {
    const c = conn(server);
    await server.stop();
    const e = await connectorFailure(new DingTalkApiClient({ timeoutMs: 2000 }).queryInterviews(c, 'c', 0, DAY));
    expect(e.kind).toBe('TEMPORARY');
    server = await new FakeDingTalkServer().start();
  });
});
