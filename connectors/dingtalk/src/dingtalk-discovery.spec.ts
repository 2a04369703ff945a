import { ConnectorError, type Connection } from '@hub/connector-sdk';
import { FAILED_PUSH_PATH, FakeDingTalkServer, tokenRoute, type RecordedRequest } from './dingtalk-fake.server';
import { CLOCK_SKEW_MARGIN_MS, discoveryWindowStart, MAX_SEARCH_SPAN_MS } from './dingtalk-poller';
import { fakeServerConnection } from './dingtalk-test.fixtures';
import { DingTalkCallBudget } from './call-budget';
import { DingTalkConnector } from './dingtalk.connector';

const NOW = Date.parse('2024-05-01T02:00:00.000Z');
const DAY = 86_400_000;
const SEARCH = '/v1.0/ats/flows/search';
const QUERY = '/v1.0/ats/interviews/query';

function conn(server: FakeDingTalkServer, settings: Record<string, unknown> = {}): Connection {
  return fakeServerConnection(server, { corpId: 'dingcorp' }, { opUserId: 'hr-op', pageSize: 2, ...settings });
}

/** Five flows in two pages of two plus one; flow-5 is gone (404), flow-4 has no candidate, flow-3 repeats c-1. */
const FLOWS: Record<string, { candidateId?: string } | 'gone'> = {
  'flow-1': { candidateId: 'dt-c-1' },
  'flow-2': { candidateId: 'dt-c-new' },
  'flow-3': { candidateId: 'dt-c-1' },
  'flow-4': {},
  'flow-5': 'gone',
};

function searchRoute(r: RecordedRequest) {
  if (r.path !== SEARCH) return undefined;
  const body = r.body as { cursor?: string; size: number };
  const ids = Object.keys(FLOWS);
  const offset = body.cursor ? Number(body.cursor.replace('c', '')) : 0;
  const list = ids.slice(offset, offset + body.size);
  const hasMore = offset + list.length < ids.length;
  return { body: { hasMore, list, totalCount: ids.length, ...(hasMore ? { nextCursor: `c${offset + list.length}` } : {}) } };
}

function infoRoute(r: RecordedRequest) {
  const m = /^\/v1\.0\/ats\/flows\/([^/]+)\/info$/.exec(r.path);
  if (!m) return undefined;
  const flow = FLOWS[decodeURIComponent(m[1])];
  if (!flow || flow === 'gone') return { status: 404, body: { code: 'flow.notExists', message: 'x', requestid: 'r' } };
  return { body: { flowId: m[1], currentStatus: '21', jobId: 'job-1', sourceName: 'x', createTime: NOW - DAY, ...flow } };
}

/** dt-c-new has one cancelled interview and another one ahead; everyone else none. */
function interviewsRoute(r: RecordedRequest) {
  if (r.path !== QUERY) return undefined;
  const body = r.body as { candidateId: string; startTimeBeginMillis: number; startTimeEndMillis: number };
  const interview = (interviewId: string, startTimeMillis: number, cancelled: boolean) => ({ interviewId, jobId: 'job-1', startTimeMillis, endTimeMillis: startTimeMillis + 3600_000, cancelled, interviewers: [] });
  const list =
    body.candidateId === 'dt-c-new' && body.startTimeBeginMillis <= NOW + DAY && NOW + 2 * DAY <= body.startTimeEndMillis
      ? [interview('dt-iv-new', NOW + DAY, true), interview('dt-iv-next', NOW + 2 * DAY, false)]
      : [];
  return { body: { totalCount: list.length, hasMore: false, list } };
}

describe('DingTalk candidate discovery (flow search)', () => {
  let server: FakeDingTalkServer;
  let connector: DingTalkConnector;
  beforeEach(async () => {
    server = await new FakeDingTalkServer().start();
    server.route(tokenRoute()).route(searchRoute).route(infoRoute).route(interviewsRoute);
    connector = new DingTalkConnector({ now: () => NOW });
  });
  afterEach(() => server.stop());

  const polled = (): string[] => [...new Set(server.calls(QUERY).map((c) => (c.body as { candidateId: string }).candidateId))];

  it('a sweep searches every page of [now − lookback, now], reads each flow once and polls and reports new candidates', async () => {
    const result = await connector.poll(conn(server, { trackedCandidateIds: ['dt-c-cfg'] }), { subjects: ['dt-c-1'], scope: 'sweep', now: new Date(NOW) });
    const searches = server.calls(SEARCH);
    expect(searches.map((s) => s.query.bizCode)).toEqual(['ddats', 'ddats', 'ddats']);
    expect(searches.map((s) => s.headers['x-acs-dingtalk-access-token'])).toEqual(['tok-1', 'tok-1', 'tok-1']);
    expect(searches.map((s) => s.body)).toEqual([
      { minModifyTimeMills: NOW - DAY, maxModifyTimeMills: NOW, size: 2, opUserId: 'hr-op' },
      { minModifyTimeMills: NOW - DAY, maxModifyTimeMills: NOW, size: 2, opUserId: 'hr-op', cursor: 'c2' },
      { minModifyTimeMills: NOW - DAY, maxModifyTimeMills: NOW, size: 2, opUserId: 'hr-op', cursor: 'c4' },
    ]);
    // Flows and candidates are read up to pollConcurrency at once: the order of arrival is not the search order.
    const infos = server.requests.filter((r) => r.path.endsWith('/info')).sort((x, y) => x.path.localeCompare(y.path));
    expect(infos.map((r) => [r.method, r.path, r.query.bizCode])).toEqual(
      ['flow-1', 'flow-2', 'flow-3', 'flow-4', 'flow-5'].map((f) => ['GET', `/v1.0/ats/flows/${f}/info`, 'ddats']),
    );
    expect(result.discovered).toEqual(['dt-c-new']);
    expect(polled().sort()).toEqual(['dt-c-1', 'dt-c-cfg', 'dt-c-new']);
    expect(result.untracked).toEqual(['dt-c-1']); // tracked, and nothing ahead
    expect(result.events.map((e) => e.externalEventId)).toEqual(['interview:dt-iv-new:cancelled']);
    expect(JSON.parse(result.events[0].payload)).toMatchObject({ candidateId: 'dt-c-new' });
  });

  it('a changes poll queries only the candidates of the flows changed since its cursor', async () => {
    const result = await connector.poll(conn(server, { trackedCandidateIds: ['dt-c-cfg'] }), { cursor: JSON.stringify({ changes: new Date(NOW - 60_000).toISOString() }), subjects: [], scope: 'changes', now: new Date(NOW) });
    expect((server.calls(SEARCH)[0].body as { minModifyTimeMills: number }).minModifyTimeMills).toBe(NOW - 60_000);
    expect(polled().sort()).toEqual(['dt-c-1', 'dt-c-new']);
    expect(result.events.map((e) => e.externalEventId)).toEqual(['interview:dt-iv-new:cancelled']);
    // dt-c-1 has nothing ahead: nothing left to cancel, so it is not tracked.
    expect(result.discovered).toEqual(['dt-c-new']);
    expect(JSON.parse(result.cursor as string)).toEqual({ changes: new Date(NOW).toISOString() });
  });

  it('reads a flow\'s info once: later polls reuse what it said', async () => {
    await connector.poll(conn(server), { subjects: [], scope: 'changes', now: new Date(NOW) });
    await connector.poll(conn(server), { subjects: [], scope: 'changes', now: new Date(NOW) });
    expect(server.requests.filter((r) => r.path.endsWith('/info'))).toHaveLength(Object.keys(FLOWS).length);
  });

  it('starts a sweep window at the last sweep less a clock-skew margin, a changes window at the last changes poll, clamped to 30 days', async () => {
    const cursor = JSON.stringify({ changes: new Date(NOW - 600_000).toISOString(), sweep: new Date(NOW - 3600_000).toISOString() });
    await connector.poll(conn(server), { cursor, subjects: [], scope: 'sweep', now: new Date(NOW) });
    await connector.poll(conn(server), { cursor, subjects: [], scope: 'changes', now: new Date(NOW) });
    await connector.poll(conn(server), { cursor: new Date(NOW - 120_000).toISOString(), subjects: [], scope: 'changes', now: new Date(NOW) });
    expect(server.calls(SEARCH).filter((c) => !(c.body as { cursor?: string }).cursor).map((c) => (c.body as { minModifyTimeMills: number }).minModifyTimeMills)).toEqual([
      NOW - 3600_000 - CLOCK_SKEW_MARGIN_MS,
      NOW - 600_000,
      NOW - 120_000,
    ]);
    expect(discoveryWindowStart(new Date(NOW - 90 * DAY).toISOString(), NOW, 1)).toBe(NOW - MAX_SEARCH_SPAN_MS);
    expect(discoveryWindowStart(undefined, NOW, 60)).toBe(NOW - MAX_SEARCH_SPAN_MS);
    expect(discoveryWindowStart('garbage', NOW, 2)).toBe(NOW - 2 * DAY);
    expect(discoveryWindowStart(new Date(NOW + DAY).toISOString(), NOW, 1)).toBe(NOW);
  });

  it('does no discovery for named subjects, with discoverCandidates false, or without opUserId', async () => {
    const targeted = await connector.poll(conn(server), { subjects: ['dt-c-1'], scope: 'subjects', now: new Date(NOW) });
    const off = await connector.poll(conn(server, { discoverCandidates: false }), { subjects: [], scope: 'changes', now: new Date(NOW) });
    const noOp = await connector.poll(conn(server, { opUserId: undefined }), { subjects: [], scope: 'sweep', now: new Date(NOW) });
    expect(server.calls(SEARCH)).toHaveLength(0);
    expect(server.requests.filter((r) => r.path.endsWith('/info'))).toHaveLength(0);
    expect([targeted.discovered, off.discovered, noOp.discovered]).toEqual([[], [], []]);
  });

  it('does not report already tracked subjects as discovered', async () => {
    const result = await connector.poll(conn(server), { subjects: ['dt-c-new', 'dt-c-1'], scope: 'sweep', now: new Date(NOW) });
    expect(result.discovered).toEqual([]);
    expect(polled().sort()).toEqual(['dt-c-1', 'dt-c-new']);
  });

  it('fails the poll when the search fails (the cursor then stays where it was)', async () => {
    const failing = await new FakeDingTalkServer().start();
    failing
      .route(tokenRoute())
      .route((r) => (r.path === SEARCH ? { status: 400, body: { code: 'invalidParam', message: 'opUserId不能为空', requestid: 'r' } } : undefined));
    try {
      await expect(connector.poll(conn(failing), { subjects: [], scope: 'changes', now: new Date(NOW) })).rejects.toMatchObject({ kind: 'INVALID' });
      await expect(connector.poll(conn(failing), { subjects: [], scope: 'sweep', now: new Date(NOW) })).rejects.toBeInstanceOf(ConnectorError);
    } finally {
      await failing.stop();
    }
  });

  it('spends the connection\'s call budget of each API before every call, with the configured limits', async () => {
    const taken: string[] = [];
    const budget = new DingTalkCallBudget();
    const pace = budget.pace.bind(budget);
    jest.spyOn(budget, 'pace').mockImplementation((c, api, limits) => {
      const inner = pace(c, api, limits);
      return async () => {
        taken.push(`${c.id} ${api} ${limits.perSecond}/s ${limits.perMinute}/min`);
        await inner();
      };
    });
    const budgeted = new DingTalkConnector({ now: () => NOW, budget });
    await budgeted.poll(conn(server, { pollCallsPerSecond: 25, pollCallsPerMinute: 900 }), { subjects: ['dt-c-1'], scope: 'sweep', now: new Date(NOW) });
    const count = (list: string[]) => list.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});
    const apiOf = (path: string): string | undefined => (path === SEARCH ? 'SearchFlow' : path === QUERY ? 'QueryInterviews' : path.endsWith('/info') ? 'GetFlowInfo' : path === FAILED_PUSH_PATH ? 'GetCallBackFailedResult' : undefined);
    const calls = server.requests.map((r) => apiOf(r.path)).filter((api): api is string => !!api);
    expect(count(taken)).toEqual(Object.fromEntries(Object.entries(count(calls)).map(([api, n]) => [`${conn(server).id} ${api} 25/s 900/min`, n])));
    expect(calls).toContain('GetFlowInfo');
    expect(calls).toContain('GetCallBackFailedResult');
  });
});
