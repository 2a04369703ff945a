import { configCopy, keepConnections } from './support/config-copy';
import { HubHarness } from './support/hub-harness';
import { waitFor } from './support/wait-for';

const CORP_B = { corpId: 'ding-corp-b', appKey: 'ding-b-app', appSecret: 'b-app-secret-0002', agentId: '30001' };
const CALLBACK_B = { token: 'bToken456', aesKey: 'QmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI', ownerKey: CORP_B.corpId };

/**
 * Acceptance: two DingTalk connections of one tenant (two corps in the sandbox). A cancellation in corp A lands in
 * corp B with corp B's own candidate and interview ids, found by `resolve`; when corp B does not know the candidate,
 * the delivery waits `awaiting_link` and completes once the link is added through the API; corp B later reporting
 * the same interview cancelled is suppressed as the same cancellation.
 */
describe('one person across two DingTalk corps', () => {
  let h: HubHarness;
  const startOf = async (id: string) => (await h.sandboxCall('GET', `/_sandbox/dingtalk/interviews/${id}`)).startTimeMillis as number;
  const corpB = async () => (await h.sandboxCall('GET', '/_sandbox/dingtalk/state')) as { deliveryStatuses: any[]; aiInterviewInfos: { key: string; body: any }[] };
  const cancellationOf = (interviewId: string) =>
    waitFor(`the cancellation of ${interviewId}`, async () => {
      const items = (await h.api('GET', '/v1/cancellations?limit=200')).body.items as { id: string }[];
      for (const item of items) {
        const detail = (await h.api('GET', `/v1/cancellations/${item.id}`)).body;
        if (detail.event.interview.externalIds['dingtalk-main'] === interviewId && detail.status !== 'syncing') return detail;
      }
      return undefined;
    });
  const toB = (detail: { deliveries: { target: { id: string }; effect: string }[] }, effect: string) =>
    detail.deliveries.find((d) => d.target.id === 'dingtalk-b' && d.effect === effect) as any;

  beforeAll(async () => {
    const dir = configCopy((tenant) => {
      keepConnections(tenant, ['dingtalk-main']);
      tenant.connections.push({
        id: 'dingtalk-b',
        connector: 'dingtalk',
        credentials: { ...CORP_B, ...CALLBACK_B, agentId: undefined },
        settings: { apiBaseUrl: '${env:SANDBOX_URL}', oapiBaseUrl: '${env:SANDBOX_URL}', agentId: CORP_B.agentId, opUserId: 'b-hr-1' },
        mapping: { statusValues: { cancelled: '2' } },
      });
      // The hub knows 张伟's phone (an admin's identity table); corp B knows him by that phone under its own id.
      tenant.identity = { candidates: [{ ids: { 'dingtalk-main': 'cand-zhangwei' }, phone: '13800138001' }] };
    });
    h = await HubHarness.start({ configDir: dir });
    await h.sandboxCall('POST', '/_sandbox/dingtalk/apps', { ...CORP_B, callback: { ...CALLBACK_B, url: `${h.hub.url}/webhooks/demo/dingtalk-b` } });
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews', {
      corpId: CORP_B.corpId,
      interviewId: 'iv-b-1',
      candidateId: 'cand-b-zw',
      name: '张伟',
      phone: '13800138001',
      jobId: 'job-b-sales',
      jobName: '销售经理',
      startTimeMillis: await startOf('iv-demo-1001'),
      interviewers: ['b-mgr-1', 'b-hr-1'],
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it("lands in corp B with corp B's candidate and interview, found by resolve", async () => {
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1001/cancel', { pushCount: 1 });
    const detail = await cancellationOf('iv-demo-1001');
    expect(detail.status).toBe('synced');
    expect(detail.deliveries.filter((d: { target: { id: string } }) => d.target.id === 'dingtalk-main')).toEqual([]); // no echo to the origin
    expect(toB(detail, 'candidateStatus')).toMatchObject({ status: 'delivered', repeat: 'idempotent' });
    expect(toB(detail, 'archiveInterview')).toMatchObject({ status: 'delivered' });
    expect(toB(detail, 'notify')).toMatchObject({ status: 'delivered', repeat: 'unsafe' });

    const state = await corpB();
    expect(state.deliveryStatuses).toEqual([expect.objectContaining({ corpId: CORP_B.corpId, jobId: 'job-b-sales', deliverUserId: 'cand-b-zw', status: 2 })]);
    const archived = state.aiInterviewInfos.filter((i) => i.key.startsWith(CORP_B.corpId));
    expect(archived.map((i) => i.body.interviewId)).toEqual(['iv-b-1']);
    expect(archived[0].body.candidateInfoVOList[0].bizCandidateId).toBe('cand-b-zw');
    const sent = (await h.sandboxCall('GET', '/_sandbox/dingtalk/records?api=corpconversation.asyncsend_v2')) as { body: { agent_id: number; userid_list: string }; outcome: string }[];
    expect(sent.filter((r) => r.outcome === 'ok').map((r) => [r.body.agent_id, r.body.userid_list])).toEqual([[30001, 'b-mgr-1,b-hr-1']]);

    const links = (await h.api('GET', `/v1/candidates/${detail.event.candidate.hubId}/links`)).body;
    expect(links.links.map((l: { connectionId: string; externalId: string; source: string }) => [l.connectionId, l.externalId, l.source]).sort()).toEqual([
      ['dingtalk-b', 'cand-b-zw', 'resolve'],
      ['dingtalk-main', 'cand-zhangwei', 'config'],
    ]);
    const candidate = (await h.api('GET', `/v1/candidates/${detail.event.candidate.hubId}`)).body;
    expect(candidate.ids).toEqual({ 'dingtalk-main': 'cand-zhangwei', 'dingtalk-b': 'cand-b-zw' });
  });

  it('waits awaiting_link when corp B does not know the candidate, and completes once the link is added', async () => {
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1002/cancel', { pushCount: 1 });
    const waiting = await cancellationOf('iv-demo-1002');
    expect(waiting.status).toBe('awaiting_link');
    expect(toB(waiting, 'candidateStatus')).toMatchObject({ status: 'awaiting_link', awaiting: { kinds: ['candidate', 'interview'] } });
    expect(toB(waiting, 'candidateStatus').awaiting.detail).toMatch(/PUT \/v1\/candidates\/.+\/links/);
    await h.idle();
    expect((await corpB()).deliveryStatuses).toHaveLength(1); // nothing written for her in corp B yet

    // Corp B gets her record; an operator links it.
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews', {
      corpId: CORP_B.corpId,
      interviewId: 'iv-b-2',
      candidateId: 'cand-b-ln',
      name: '李娜',
      phone: '13900000002',
      jobId: 'job-b-fe',
      jobName: '前端工程师',
      startTimeMillis: await startOf('iv-demo-1002'),
      interviewers: ['b-tech-1'],
    });
    const hubId = waiting.event.candidate.hubId;
    const put = await h.api('PUT', `/v1/candidates/${hubId}/links`, { links: [{ connectionId: 'dingtalk-b', externalId: 'cand-b-ln' }] });
    expect(put.status).toBe(200);
    expect(put.body.links).toEqual(expect.arrayContaining([expect.objectContaining({ connectionId: 'dingtalk-b', externalId: 'cand-b-ln', source: 'api' })]));

    const done = await waitFor('the waiting delivery to complete', async () => {
      const d = (await h.api('GET', `/v1/cancellations/${waiting.id}`)).body;
      return d.status === 'synced' ? d : undefined;
    });
    expect(toB(done, 'candidateStatus')).toMatchObject({ status: 'delivered' });
    expect((await corpB()).deliveryStatuses).toEqual(expect.arrayContaining([expect.objectContaining({ jobId: 'job-b-fe', deliverUserId: 'cand-b-ln', status: 2 })]));
    const conflict = await h.api('PUT', `/v1/candidates/${hubId}/links`, { links: [{ connectionId: 'dingtalk-b', externalId: 'cand-b-zw' }] });
    expect(conflict.status).toBe(409);
    expect(JSON.stringify(conflict.body.details.problems)).toMatch(/already belongs to candidate|already cand-b-ln in dingtalk-b/);
  });

  it("suppresses corp B's own report of the interview it was told about", async () => {
    const before = (await h.api('GET', '/v1/cancellations')).body.items.length;
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-b-1/cancel', { pushCount: 1 });
    const echo = await waitFor('corp B to report iv-b-1', async () => {
      const inbox = (await h.api('GET', '/v1/inbox')).body.items as { connectionId: string; externalEventId: string; status: string; result: string }[];
      return inbox.find((i) => i.connectionId === 'dingtalk-b' && i.externalEventId === 'interview:iv-b-1:cancelled' && i.status === 'processed');
    });
    expect(echo.result).toMatch(/^suppressed: the interview was already cancelled \(origin dingtalk-main\)/);
    await h.idle();
    const items = (await h.api('GET', '/v1/cancellations')).body.items;
    expect(items).toHaveLength(before);
    expect(items.find((c: { origin: string; suppressedDuplicates: number }) => c.origin === 'dingtalk-main' && c.suppressedDuplicates === 1)).toBeDefined();
  });
});
