import { checkConnectorDeclaration, registeredConnectorClasses, type Connection, type Effect, type NotifyRecipient } from '@hub/connector-sdk';
import { computeSignature, encryptMessage } from '@hub/connector-sdk';
import { FakeDingTalkServer, tokenRoute, type RecordedRequest } from './dingtalk-fake.server';
import { connectorFailure, fakeServerConnection, sampleCancellation } from './dingtalk-test.fixtures';
import { DingTalkConnector } from './dingtalk.connector';

const NOW = Date.parse('2024-05-01T02:00:00.000Z');
const DAY = 86_400_000;
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const QUERY = '/v1.0/ats/interviews/query';

function conn(server: FakeDingTalkServer, settings: Record<string, unknown> = {}): Connection {
  return fakeServerConnection(server, { corpId: 'dingcorp', token: 'tk', aesKey: AES, ownerKey: 'dingcorp' }, { agentId: '9001', ...settings });
}

function effect(type: Effect['type'], params: Effect['params'] = {}): Effect {
  return { type, idempotencyKey: `key-${type}`, event: sampleCancellation(), params };
}

/** DingTalk's interviews of dt-c-1 (and any other candidate): one cancelled, one ahead; dt-c-done has only the cancelled one; dt-c-404 is unknown. */
function interviewsRoute(r: RecordedRequest) {
  if (r.path !== QUERY) return undefined;
  const body = r.body as { candidateId: string; startTimeBeginMillis: number; startTimeEndMillis: number };
  if (body.candidateId === 'dt-c-404') return { status: 404, body: { code: 'candidate.notExists', message: 'x', requestid: 'r' } };
  if (body.candidateId === 'dt-c-500') return { status: 500, body: { code: 'systemError', message: '系统错误', requestid: 'r' } };
  const all = [
    { interviewId: 'dt-iv-1', jobId: 'job-1', startTimeMillis: Date.parse('2024-05-03T10:00:00.000+08:00'), endTimeMillis: Date.parse('2024-05-03T11:00:00.000+08:00'), cancelled: true, creatorUserId: 'rec01', interviewers: [{ userId: 'manager01' }] },
    { interviewId: 'dt-iv-2', jobId: 'job-1', startTimeMillis: NOW + 20 * DAY, endTimeMillis: NOW + 20 * DAY + 3600_000, cancelled: false, interviewers: [] },
  ];
  const mine = body.candidateId === 'dt-c-done' ? all.slice(0, 1) : all;
  const list = mine.filter((i) => i.startTimeMillis >= body.startTimeBeginMillis && i.startTimeMillis <= body.startTimeEndMillis);
  return { body: { totalCount: list.length, hasMore: false, list } };
}

describe('DingTalkConnector', () => {
  let server: FakeDingTalkServer;
  let connector: DingTalkConnector;
  beforeEach(async () => {
    server = await new FakeDingTalkServer().start();
    server.route(tokenRoute()).route(interviewsRoute);
    connector = new DingTalkConnector({ now: () => NOW });
  });
  afterEach(() => server.stop());

  it('declares itself correctly and is registered under "dingtalk"', () => {
    expect(checkConnectorDeclaration(connector)).toEqual([]);
    expect(registeredConnectorClasses().get('dingtalk')).toBe(DingTalkConnector);
    expect(connector.capabilities.unsupported).toHaveProperty('tagTalentPool');
    expect(connector.capabilities.unsupported).toHaveProperty('moveToTalentPool');
    expect(connector.credentialFields.filter((f) => f.secret).map((f) => f.name)).toEqual(['appSecret', 'token', 'aesKey']);
  });

  it('polls each subject over [now−1d, now+29d] in one query by default, and emits only cancelled interviews', async () => {
    const result = await connector.poll(conn(server), { subjects: ['dt-c-1', 'dt-c-404', 'dt-c-1'], scope: 'subjects', now: new Date(NOW) });
    expect(result.cursor).toBeUndefined();
    expect(result.discovered).toEqual([]);
    expect(result.events.map((e) => [e.externalEventId, e.kind, e.mode])).toEqual([['interview:dt-iv-1:cancelled', 'interview.cancelled', 'poll']]);
    expect(JSON.parse(result.events[0].payload)).toEqual({
      interview: expect.objectContaining({ interviewId: 'dt-iv-1', cancelled: true }),
      candidateId: 'dt-c-1',
      corpId: 'dingcorp',
      detectedAt: '2024-05-01T02:00:00.000Z',
    });
    const windows = server.calls(QUERY).map((c) => c.body as { candidateId: string; startTimeBeginMillis: number; startTimeEndMillis: number });
    const mine = windows.filter((w) => w.candidateId === 'dt-c-1');
    expect(mine.map((w) => [w.startTimeBeginMillis, w.startTimeEndMillis])).toEqual([[NOW - DAY, NOW + 29 * DAY]]);
  });

  it('cuts a window longer than 30 days into ≤30-day slices', async () => {
    await connector.poll(conn(server, { pollHorizonDays: 30 }), { subjects: ['dt-c-1'], scope: 'subjects', now: new Date(NOW) });
    const windows = server.calls(QUERY).map((c) => c.body as { startTimeBeginMillis: number; startTimeEndMillis: number });
    expect(windows.map((w) => [w.startTimeBeginMillis, w.startTimeEndMillis])).toEqual([
      [NOW - DAY, NOW + 29 * DAY],
      [NOW + 29 * DAY + 1, NOW + 30 * DAY], // slices do not overlap: the next starts 1 ms after the last ends
    ]);
  });

  it('sweeps tracked subjects plus trackedCandidateIds, and only the named subjects for scope subjects', async () => {
    const c = conn(server, { trackedCandidateIds: ['dt-c-1'] });
    const sweep = await connector.poll(c, { subjects: ['dt-c-2'], scope: 'sweep', now: new Date(NOW) });
    expect(new Set(server.calls(QUERY).map((x) => (x.body as { candidateId: string }).candidateId))).toEqual(new Set(['dt-c-1', 'dt-c-2']));
    expect(JSON.parse(sweep.cursor as string)).toEqual({ changes: '2024-05-01T02:00:00.000Z', sweep: '2024-05-01T02:00:00.000Z' });
    const before = server.calls(QUERY).length;
    await connector.poll(c, { subjects: ['dt-c-2'], scope: 'subjects', now: new Date(NOW) });
    expect(server.calls(QUERY).slice(before).every((x) => (x.body as { candidateId: string }).candidateId === 'dt-c-2')).toBe(true);
  });

  it('stops tracking swept candidates with no interview ahead, never the configured ones', async () => {
    const c = conn(server, { trackedCandidateIds: ['dt-c-2'] });
    const sweep = await connector.poll(c, { subjects: ['dt-c-1', 'dt-c-done', 'dt-c-2', 'dt-c-404'], scope: 'sweep', now: new Date(NOW) });
    // dt-c-1 has an interview ahead; dt-c-done's only interview is cancelled; dt-c-404 is unknown to DingTalk; dt-c-2 is configured.
    expect([...(sweep.untracked ?? [])].sort()).toEqual(['dt-c-404', 'dt-c-done']);
  });

  it('polls trackedCandidateIds when the request names no subjects, and adds job titles when enabled', async () => {
    server.route((r) => (r.path === '/v1.0/ats/jobs/job-1' ? { body: { jobId: 'job-1', name: '销售经理' } } : undefined));
    const c = conn(server, { trackedCandidateIds: ['dt-c-1'], jobLookup: true });
    const result = await connector.poll(c, { subjects: [], scope: 'sweep', now: new Date(NOW) });
    expect(JSON.parse(result.events[0].payload).jobTitle).toBe('销售经理');
    const [parsed] = connector.parse(result.events[0], c);
    expect(parsed).toMatchObject({ kind: 'cancellation', occurredAt: '2024-05-01T10:00:00.000+08:00', interview: { externalId: 'dt-iv-1', position: { id: 'job-1', title: '销售经理' } } });
  });

  it('fails the poll on errors other than an unknown candidate', async () => {
    const e = await connectorFailure(connector.poll(conn(server), { subjects: ['dt-c-500'], scope: 'subjects', now: new Date(NOW) }));
    expect(e.kind).toBe('TEMPORARY');
  });

  it('verifies webhooks against its own clock', async () => {
    const encrypt = encryptMessage('{"EventType":"ats_job_deliver_change","eventId":"e1"}', AES, 'dingcorp');
    const query = { signature: computeSignature('tk', String(NOW), 'n1', encrypt), timestamp: String(NOW), nonce: 'n1' };
    const verified = await connector.verifyWebhook({ query, headers: {}, rawBody: Buffer.from(JSON.stringify({ encrypt })), receivedAt: new Date(NOW) }, conn(server));
    expect(verified.events[0]).toMatchObject({ externalEventId: 'e1', kind: 'ats_job_deliver_change' });
    expect(connector.parse(verified.events[0], conn(server))).toEqual([{ kind: 'pollHint', subjects: [] }]);
  });

  it('writes candidateStatus to the delivery status of the DingTalk interview it finds', async () => {
    server.route((r) => (r.path === '/v1.0/ats/jobs/deliveryStatus' ? { body: { success: true }, headers: { 'x-acs-request-id': 'req-s' } } : undefined));
    const receipt = await connector.apply(effect('candidateStatus', { status: '23' }), conn(server, { opUserId: 'hr01' }));
    expect(receipt).toEqual({ outcome: 'applied', externalRef: 'req-s', detail: 'deliveryStatus 23 for candidate dt-c-1, job job-1' });
    const [put] = server.calls('/v1.0/ats/jobs/deliveryStatus');
    expect(put.query).toEqual({ bizCode: 'ddats', jobId: 'job-1' });
    expect(put.body).toEqual({ deliverUserId: 'dt-c-1', channelOuterId: 'iv-key-1', status: 23, opTime: NOW, opUserId: 'hr01' });
  });

  it('refuses candidateStatus for a candidate without a DingTalk id', async () => {
    const e: Effect = { ...effect('candidateStatus', { status: '23' }), event: sampleCancellation({ candidate: { externalIds: { other: 'x' }, name: '无名' } }) };
    expect((await connectorFailure(connector.apply(e, conn(server)))).kind).toBe('INVALID');
  });

  it('archives the cancelled interview through the AI interview assistant sync', async () => {
    server.route((r) => (r.path === '/v1.0/ats/ai/interview/interviewInfos/sync' ? { body: { result: true, success: true } } : undefined));
    const receipt = await connector.apply(effect('archiveInterview'), conn(server));
    expect(receipt.outcome).toBe('applied');
    const [call] = server.calls('/v1.0/ats/ai/interview/interviewInfos/sync');
    expect(call.body).toMatchObject({ isvId: 'hr-connector-hub', interviewId: 'dt-iv-1', candidateInfoVOList: [{ bizCandidateId: 'dt-c-1' }] });
  });

  it('notifies reachable people by work notification and reports the rest', async () => {
    server.route((r) => (r.path === '/topapi/message/corpconversation/asyncsend_v2' ? { body: { errcode: 0, task_id: 77, request_id: 'rq' } } : undefined));
    const recipients: NotifyRecipient[] = [
      { role: 'interviewer', name: '王面试', externalId: 'manager01', channel: 'dingtalk', title: '面试取消', body: '张三的面试已取消' },
      { role: 'candidate', name: '张三', channel: 'dingtalk', title: '面试取消', body: '您的面试已取消' },
    ];
    const receipt = await connector.apply(effect('notify', { recipients }), conn(server));
    expect(receipt.externalRef).toBe('77');
    expect(receipt.detail).toContain('张三 (candidate): candidates are not DingTalk organisation members');
    const [call] = server.calls('/topapi/message/corpconversation/asyncsend_v2');
    expect(call.body).toMatchObject({ agent_id: 9001, userid_list: 'manager01', msg: { msgtype: 'text', text: { content: '张三的面试已取消' } } });
  });

  it('sends followUpReminder to the recruiter only, and has nothing to do when there is none', async () => {
    server.route((r) => (r.path === '/topapi/message/corpconversation/asyncsend_v2' ? { body: { errcode: 0, task_id: 78 } } : undefined));
    const recipients: NotifyRecipient[] = [
      { role: 'interviewer', externalId: 'manager01', channel: 'dingtalk', title: 't', body: 'a' },
      { role: 'recruiter', externalId: 'rec01', channel: 'dingtalk', title: 't', body: '请跟进候选人' },
    ];
    await connector.apply(effect('followUpReminder', { recipients }), conn(server));
    expect(server.calls('/topapi/message/corpconversation/asyncsend_v2').map((c) => (c.body as { userid_list: string }).userid_list)).toEqual(['rec01']);
    const none = await connector.apply(effect('followUpReminder', { recipients: recipients.slice(0, 1) }), conn(server));
    expect(none).toEqual({ outcome: 'not_applicable', detail: 'no recruiter to remind' });
    expect(server.calls('/topapi/message/corpconversation/asyncsend_v2')).toHaveLength(1);
  });

  it('has nothing to do when nobody is reachable by DingTalk', async () => {
    const recipients: NotifyRecipient[] = [{ role: 'candidate', name: '张三', channel: 'sms', title: 't', body: 'a' }];
    const receipt = await connector.apply(effect('notify', { recipients }), conn(server));
    expect(receipt).toEqual({ outcome: 'not_applicable', detail: 'nobody here is reachable by DingTalk (张三 (candidate): channel "sms" is not DingTalk)' });
    expect(server.calls('/topapi/message/corpconversation/asyncsend_v2')).toHaveLength(0);
  });

  it('refuses notifications without a numeric agentId', async () => {
    const recipients: NotifyRecipient[] = [{ role: 'interviewer', externalId: 'manager01', channel: 'dingtalk', title: 't', body: 'a' }];
    const e = await connectorFailure(connector.apply(effect('notify', { recipients }), conn(server, { agentId: undefined })));
    expect(e.message).toContain('agentId');
  });

  it('refuses effects DingTalk has no API for', async () => {
    const e = await connectorFailure(connector.apply(effect('tagTalentPool', { tags: ['x'] }), conn(server)));
    expect([e.kind, e.retryable]).toEqual(['PERMANENT', false]);
  });
});
