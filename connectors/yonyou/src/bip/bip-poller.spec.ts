import type { PollRequest } from '@hub/connector-sdk';
import { YonyouBipConnector } from './bip.connector';
import { FakeCandidates } from './bip-fake.candidates';
import { FakeYonBipServer, type FakeRoute } from './bip-fake.server';
import { fakeConnection, lookupRoute, tokenRoute } from './bip-test.fixtures';
import type { BipCancelledPayload } from './bip.types';

const NOW = new Date('2024-05-02T04:00:00.000Z'); // 12:00 in +08:00
const DETAIL = '/getGlobalCandidateDetail';

function candidate(id: string, status: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: `候选人${id}`, mobile: `1380000${id.padStart(4, '0')}`, status, ts, ...extra };
}

describe('pollBip', () => {
  let server: FakeYonBipServer;
  let store: FakeCandidates;
  let connector: YonyouBipConnector;
  /** Routes tried before the candidate store's (faults). */
  let faults: FakeRoute[];
  const poll = (request: Partial<PollRequest>, settings: Record<string, unknown> = { pageSize: 2 }) =>
    connector.poll(fakeConnection(server, settings), { scope: 'changes', subjects: [], now: NOW, ...request });

  beforeEach(async () => {
    server = await new FakeYonBipServer().start();
    store = new FakeCandidates([
      candidate('1', '7', '2024-05-02 08:00:00'),
      candidate('2', '7', '2024-05-02 09:00:00', { cancelApplyId: 'req-2' }),
      candidate('3', '2', '2024-05-02 09:00:00'),
      candidate('4', '7', '2024-05-02 10:00:00'),
      candidate('5', '7', '2024-05-02 11:00:00'),
      candidate('6', '8', '2024-05-02 11:30:00'),
      candidate('7', '7', '2024-04-20 11:00:00'),
    ], { 'req-2': { id: 'req-2', reason: '候选人放弃', status: 'approved', steps: [] } });
    faults = [];
    server.route(lookupRoute(server)).route(tokenRoute()).route((r) => faults.map((f) => f(r)).find(Boolean)).route(store.routes());
    connector = new YonyouBipConnector();
  });
  afterEach(() => server.stop());

  it('reads every page of each cancelled status, keeps what changed within the lookback, and reads their detail', async () => {
    const result = await poll({});
    const lists = server.calls('/hrcandidate/list').map((r) => r.body as { status: string; pageIndex: number });
    expect(lists.map((b) => `${b.status}:${b.pageIndex}`)).toEqual(['2:1', '7:1', '7:2', '7:3']);
    // Candidate 7 changed before the 24 h lookback; 6 is not in a cancelled status.
    expect(result.events.map((e) => e.externalEventId).sort()).toEqual([
      'candidate:1:status:7:2024-05-02 08:00:00',
      'candidate:2:status:7:req-2',
      'candidate:3:status:2:2024-05-02 09:00:00',
      'candidate:4:status:7:2024-05-02 10:00:00',
      'candidate:5:status:7:2024-05-02 11:00:00',
    ]);
    expect(JSON.parse(result.cursor as string)).toEqual({ since: '2024-05-02 11:00:00', ids: ['5'] });
  });

  it('fetches the approval trail of a candidate that names its 面试取消申请', async () => {
    const result = await poll({});
    const payload = JSON.parse(result.events.find((e) => e.externalEventId.startsWith('candidate:2:'))?.payload as string) as BipCancelledPayload;
    expect(payload.approval).toEqual({ id: 'req-2', reason: '候选人放弃', status: 'approved', steps: [] });
    expect(server.calls('/approvalHistory').map((r) => r.body)).toEqual([{ id: 'req-2' }]);
  });

  it('continues from its cursor: nothing new → no detail reads; a later change → only that one', async () => {
    const first = await poll({});
    const detailsBefore = server.calls(DETAIL).length;
    const second = await poll({ cursor: first.cursor });
    expect(second.events).toEqual([]);
    expect(server.calls(DETAIL).length).toBe(detailsBefore);
    expect(second.cursor).toBe(first.cursor);

    // Same second as the cursor but not seen yet, and a later one.
    store.candidates.push(candidate('8', '7', '2024-05-02 11:00:00'), candidate('9', '2', '2024-05-02 11:05:00'));
    const third = await poll({ cursor: second.cursor });
    expect(third.events.map((e) => e.externalEventId).sort()).toEqual(['candidate:8:status:7:2024-05-02 11:00:00', 'candidate:9:status:2:2024-05-02 11:05:00']);
    expect(JSON.parse(third.cursor as string)).toEqual({ since: '2024-05-02 11:05:00', ids: ['9'] });
  });

  it('gives the same event ids on every poll (a restart re-reads from the stored cursor text)', async () => {
    const a = await poll({ scope: 'subjects', subjects: ['2', '4'] });
    const b = await poll({ scope: 'subjects', subjects: ['2', '4'] });
    expect(b.events.map((e) => e.externalEventId)).toEqual(a.events.map((e) => e.externalEventId));
    expect(a.events).toHaveLength(2);
    expect(server.calls('/hrcandidate/list')).toHaveLength(0);
  });

  it('subjects: a candidate not cancelled is discovered (sweeps watch it), an unknown one is skipped', async () => {
    const result = await poll({ scope: 'subjects', subjects: ['6', 'missing'], cursor: '{"since":"x","ids":[]}' });
    expect(result.events).toEqual([]);
    expect(result.discovered).toEqual(['6']);
    expect(result.cursor).toBe('{"since":"x","ids":[]}');
  });

  it('sweep: reads tracked subjects too (billstate cancellations), untracks the found and the vanished', async () => {
    store.candidates.push(candidate('10', '5', '2024-01-01 00:00:00', { billstate: '13' }));
    const first = await poll({});
    const result = await poll({ scope: 'sweep', cursor: first.cursor, subjects: ['10', '6', 'gone'] }, { pageSize: 2, trackedCandidateIds: ['6'] });
    expect(result.events.map((e) => e.externalEventId)).toEqual(['candidate:10:billstate:13:2024-01-01 00:00:00']);
    expect(result.untracked?.sort()).toEqual(['10', 'gone']);
  });

  it('leaves the trail out when its API refuses for good', async () => {
    faults.push((r) => (r.path.endsWith('/approvalHistory') ? { status: 404, body: { code: '310404', message: '网关上没有注册此API' } } : undefined));
    const result = await poll({ scope: 'subjects', subjects: ['2'] });
    const payload = JSON.parse(result.events[0].payload) as BipCancelledPayload;
    expect(payload.approval).toBeUndefined();
    expect(payload.approvalUnavailable).toContain('310404');
  });

  it('fails the whole poll on a passing error, so the hub keeps the old cursor', async () => {
    faults.push((r) => (r.path.endsWith('/approvalHistory') ? { status: 503, body: 'busy' } : undefined));
    await expect(poll({})).rejects.toMatchObject({ kind: 'TEMPORARY' });
    faults.length = 0;
    faults.push((r) => (r.path.endsWith('/hrcandidate/list') && (r.body as { pageIndex: number }).pageIndex === 2 ? { status: 502, body: 'bad gateway' } : undefined));
    await expect(poll({})).rejects.toMatchObject({ kind: 'TEMPORARY' });
  });
});
