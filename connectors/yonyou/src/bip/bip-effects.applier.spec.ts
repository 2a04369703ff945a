import type { Effect } from '@hub/connector-sdk';
import { YonyouBipConnector } from './bip.connector';
import { FakeCandidates } from './bip-fake.candidates';
import { FakeYonBipServer, type FakeRoute } from './bip-fake.server';
import { resubmitCheckKey } from './bip-resubmit-key';
import { connectorFailure, fakeConnection, lookupRoute, sampleCancellation, tokenRoute } from './bip-test.fixtures';

const UPDATE = '/updateCandidate';

function effect(type: Effect['type'], params: Effect['params'] = {}, idempotencyKey = 'idem-1'): Effect {
  return { type, idempotencyKey, event: sampleCancellation(), params };
}

describe('BipEffectApplier', () => {
  let server: FakeYonBipServer;
  let store: FakeCandidates;
  let connector: YonyouBipConnector;
  let extra: FakeRoute[];

  beforeEach(async () => {
    server = await new FakeYonBipServer().start();
    store = new FakeCandidates([{ id: 'c-1', name: '张三', mobile: '+86-13800000000', status: '8', memo: '管理员备注' }]);
    extra = [];
    server.route(lookupRoute(server)).route(tokenRoute()).route((r) => extra.map((f) => f(r)).find(Boolean)).route(store.routes());
    connector = new YonyouBipConnector();
  });
  afterEach(() => server.stop());

  it('writes the status through updateCandidate with the resubmitCheckKey inside data, and a retry is not applied twice', async () => {
    const conn = fakeConnection(server);
    const first = await connector.apply(effect('candidateStatus', { status: '7' }), conn);
    const again = await connector.apply(effect('candidateStatus', { status: '7' }), conn);
    const key = resubmitCheckKey('idem-1', 'candidateStatus');
    expect(server.calls(UPDATE).map((r) => r.body)).toEqual([
      { data: { id: 'c-1', _status: 'Update', status: '7', resubmitCheckKey: key } },
      { data: { id: 'c-1', _status: 'Update', status: '7', resubmitCheckKey: key } },
    ]);
    expect(store.updates).toHaveLength(1);
    expect(first).toMatchObject({ outcome: 'applied', externalRef: key });
    expect(again.outcome).toBe('applied');
  });

  it('names the interview the status write touched, as the poll will name it, so the hub knows its own write when the poll sees it', async () => {
    const receipt = await connector.apply(effect('candidateStatus', { status: '7' }), fakeConnection(server));
    expect(receipt.links).toEqual([{ kind: 'interview', externalId: 'c-1:status:7' }]);
    store.candidates[0].interviewId = 'iv-bip-9';
    const withField = await connector.apply(effect('candidateStatus', { status: '7' }, 'idem-2'), fakeConnection(server));
    expect(withField.links).toEqual([{ kind: 'interview', externalId: 'iv-bip-9' }]);
  });

  it('reports a duplicate code as outcome duplicate, and honours statusField / resubmitCheckKeyIn: body', async () => {
    store.duplicateReply = 'code';
    const conn = fakeConnection(server, { statusField: 'hiringStatus', resubmitCheckKeyIn: 'body' });
    extra.push((r) => (r.path.endsWith(UPDATE) && (r.body as { resubmitCheckKey?: string }).resubmitCheckKey ? { body: { code: '10004', message: '重复提交' } } : undefined));
    const receipt = await connector.apply(effect('candidateStatus', { status: '7' }), conn);
    expect(receipt.outcome).toBe('duplicate');
    expect(server.calls(UPDATE)[0].body).toEqual({ data: { id: 'c-1', _status: 'Update', hiringStatus: '7' }, resubmitCheckKey: resubmitCheckKey('idem-1', 'candidateStatus') });
  });

  it('refuses without YonBIP’s candidate id or a status value (INVALID), before any call', async () => {
    const noLink = { ...effect('candidateStatus', { status: '7' }), event: sampleCancellation({ candidate: { externalIds: { x: 'y' }, name: '张三' } }) };
    expect((await connectorFailure(connector.apply(noLink, fakeConnection(server)))).kind).toBe('INVALID');
    expect((await connectorFailure(connector.apply(effect('candidateStatus'), fakeConnection(server)))).kind).toBe('INVALID');
    expect(server.calls(UPDATE)).toHaveLength(0);
  });

  it('appends the archive note to the remark field (keeping the admin’s text) and does not append it twice', async () => {
    const conn = fakeConnection(server);
    await connector.apply(effect('archiveInterview'), conn);
    const second = await connector.apply(effect('archiveInterview', {}, 'idem-2'), conn);
    expect(store.candidates[0].memo).toBe('管理员备注\n[面试取消] 2024-05-03 10:00 销售经理 原因:候选人时间冲突 (dingtalk-main:iv-1)');
    expect(second.outcome).toBe('duplicate');
    expect(store.updates).toHaveLength(1);
    expect((server.calls(UPDATE)[0].body as { data: { resubmitCheckKey: string } }).data.resubmitCheckKey).toBe(resubmitCheckKey('idem-1', 'archiveInterview'));
  });

  it('appends only the tags the tag field lacks, to its own field', async () => {
    store.candidates[0].tagRemark = '原因:候选人时间冲突';
    const receipt = await connector.apply(effect('tagTalentPool', { tags: ['2024年5月取消面试-岗位:销售经理', '原因:候选人时间冲突'] }), fakeConnection(server));
    expect(receipt.outcome).toBe('applied');
    expect(store.candidates[0].tagRemark).toBe('原因:候选人时间冲突\n2024年5月取消面试-岗位:销售经理');
    expect(store.candidates[0].memo).toBe('管理员备注');
    expect((await connector.apply(effect('tagTalentPool', { tags: [] }), fakeConnection(server))).outcome).toBe('not_applicable');
  });

  it('sends archive and tags to tenant-built APIs in endpoint mode, each with its own key', async () => {
    const calls: unknown[] = [];
    extra.push((r) => (r.path.startsWith('/iuap-api-gateway/custom/') ? (calls.push(r.body), { body: { code: '200', data: { id: 'w-1' } } }) : undefined));
    const conn = fakeConnection(server, { archive: { mode: 'endpoint', path: '/custom/archive' }, tags: { mode: 'endpoint', path: '/custom/tags' } });
    await connector.apply(effect('archiveInterview'), conn);
    await connector.apply(effect('tagTalentPool', { tags: ['t1'] }), conn);
    expect(calls).toEqual([
      {
        data: {
          candidateId: 'c-1',
          interviewKey: 'dingtalk-main:iv-1',
          scheduledStart: '2024-05-03T10:00:00.000+08:00',
          positionTitle: '销售经理',
          cancelledAt: '2024-05-01T08:55:00.000+08:00',
          reasonCode: 'candidate_withdrew',
          reasonText: '候选人时间冲突',
          note: '[面试取消] 2024-05-03 10:00 销售经理 原因:候选人时间冲突 (dingtalk-main:iv-1)',
          resubmitCheckKey: resubmitCheckKey('idem-1', 'archiveInterview'),
        },
      },
      { data: { candidateId: 'c-1', interviewKey: 'dingtalk-main:iv-1', scheduledStart: '2024-05-03T10:00:00.000+08:00', positionTitle: '销售经理', tags: ['t1'], resubmitCheckKey: resubmitCheckKey('idem-1', 'tagTalentPool') } },
    ]);
    expect(store.updates).toHaveLength(0);
  });

  it('refuses a partial failure of updateCandidate (failInfos) as INVALID', async () => {
    extra.push((r) => (r.path.endsWith(UPDATE) ? { body: { code: 200, data: { infos: [], failInfos: { 'c-1': '证件类型未找到' } } } } : undefined));
    const e = await connectorFailure(connector.apply(effect('candidateStatus', { status: '7' }), fakeConnection(server)));
    expect([e.kind, e.message.includes('证件类型未找到')]).toEqual(['INVALID', true]);
  });
});
