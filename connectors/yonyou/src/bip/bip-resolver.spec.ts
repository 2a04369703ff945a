import { YonyouBipConnector } from './bip.connector';
import { FakeCandidates } from './bip-fake.candidates';
import { FakeYonBipServer } from './bip-fake.server';
import { fakeConnection, lookupRoute, tokenRoute } from './bip-test.fixtures';

describe('resolve candidate', () => {
  let server: FakeYonBipServer;
  let store: FakeCandidates;
  let connector: YonyouBipConnector;

  beforeEach(async () => {
    server = await new FakeYonBipServer().start();
    store = new FakeCandidates([
      { id: 'c-1', name: '张三', mobile: '+86-13800138001', email: 'zhang@example.com' },
      { id: 'c-2', name: '李四', mobile: '13900139002' },
      { id: 'c-3', name: '王五', mobile: '13700137003', email: 'Wang@Example.com' },
    ]);
    server.route(lookupRoute(server)).route(tokenRoute()).route(store.routes());
    connector = new YonyouBipConnector();
  });
  afterEach(() => server.stop());

  it('finds the candidate by phone through the mobile filter, whatever the phone’s format', async () => {
    expect(await connector.resolve('candidate', { phone: '+86 138-0013-8001' }, fakeConnection(server))).toEqual({ externalId: 'c-1' });
    expect((server.calls('/hrcandidate/list')[0].body as Record<string, unknown>).mobile).toBe('13800138001');
  });

  it('never trusts the filter: rows that do not match are dropped (a server ignoring the filter returns all)', async () => {
    store.honoured = new Set();
    expect(await connector.resolve('candidate', { phone: '13900139002' }, fakeConnection(server, { pageSize: 2 }))).toEqual({ externalId: 'c-2' });
    expect(await connector.resolve('candidate', { phone: '10000000000' }, fakeConnection(server))).toBeUndefined();
  });

  it('falls back to email (case-insensitive; reading the detail when the row lacks the field)', async () => {
    store.honoured = new Set(['email']);
    store.listOmits = new Set(['email']);
    expect(await connector.resolve('candidate', { phone: '10000000000', email: 'wang@example.com' }, fakeConnection(server))).toEqual({ externalId: 'c-3' });
    expect(server.calls('/getGlobalCandidateDetail').map((r) => r.body)).toEqual([{ id: 'c-3' }]);
  });

  it('finds nothing when two candidates match, or for kinds other than candidate', async () => {
    store.candidates.push({ id: 'c-4', name: '张三(2)', mobile: '13800138001' });
    expect(await connector.resolve('candidate', { phone: '13800138001' }, fakeConnection(server))).toBeUndefined();
    expect(await connector.resolve('interview', { phone: '13800138001' }, fakeConnection(server))).toBeUndefined();
  });
});
