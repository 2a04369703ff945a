import { createHash } from 'node:crypto';
import { ConnectorError, type Connection, type Effect, type VendorCancellation } from '@hub/connector-sdk';
import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { KingdeeCosmicConnector } from '@hub/connectors/kingdee';
import type { CancellationEvent } from '@hub/schema';
import { createSandboxApp, type SandboxApp, type SandboxSeed } from '../../apps/vendor-sandbox/src/sandbox.app';
import { call } from '../support/hub-harness';

/**
 * The Cosmic connector (`kingdee-cosmic`) against the Cosmic simulator over HTTP: the shared conformance suite, then
 * what only Cosmic has: `expires_in` in milliseconds, one token fetch shared by concurrent calls, the 30-a-minute
 * getToken limit, paging until `lastPage`, the hub-kept cursor, batch ids, per-row save errors and x-acgw-identity.
 * Every count is read from what the simulator recorded.
 */
const APP = { clientId: 'hub-cosmic', clientSecret: 'Cosmic@Secret#2026', username: 'hubproxy', accountId: '1355633519610561531', identity: 'djF8aHViLWNvc21pYw==' };
const LIMITED = { ...APP, clientId: 'hub-cosmic-limited', identity: undefined };
const ISV = 'kdtest';
/** The key the connector must put on a bill, computed here independently (COSMIC.md "Effects"). */
const keyOf = (effect: Pick<Effect, 'idempotencyKey' | 'type'>) => createHash('sha256').update(`${effect.idempotencyKey}${effect.type}`).digest('hex').slice(0, 32);
const wall = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
const EFFECT_FORMS = { candidateStatus: 'hr_candidate_statuslog', archiveInterview: 'hr_interview_archive', moveToTalentPool: 'hr_talentpool_entry', followUpReminder: 'hr_followup_reminder' };

function interview(id: string, status: string, minutesAgo: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    number: id.toUpperCase(),
    status,
    candidate: 'cand-zhangwei',
    candidatename: '张伟',
    phone: '13800138001',
    email: 'zhangwei@example.com',
    cancelreason: status === 'C' ? '候选人已接受其他offer' : '',
    batchid: status === 'C' ? 'batch-2026-11' : '',
    starttime: '2026-12-03 10:00:00',
    position: '销售经理',
    modifytime: wall(Date.now() - minutesAgo * 60_000),
    ...extra,
  };
}

function seed(): SandboxSeed {
  return {
    kingdee: {
      cosmic: {
        apps: [APP, LIMITED],
        forms: [
          { isv: ISV, appId: 'hr', formId: 'hr_interview', rows: [interview('iv-1', 'A', 50), interview('iv-2', 'C', 40), interview('iv-3', 'C', 30), interview('iv-4', 'C', 20), interview('iv-5', 'C', 10, { candidate: 'cand-lina', batchid: '' })] },
          {
            isv: ISV,
            appId: 'hr',
            formId: 'hr_candidate',
            rows: [
              { id: 'cand-zhangwei', name: '张伟', phone: '13800138001', email: 'zhangwei@example.com' },
              { id: 'cand-lina', name: '李娜', phone: '13900139002', email: 'lina@example.com' },
            ],
          },
          ...Object.values(EFFECT_FORMS).map((formId) => ({ isv: ISV, appId: 'hr', formId, keyField: 'hubkey', rows: [] })),
        ],
      },
    },
  };
}

let sandbox: SandboxApp;
let connector: KingdeeCosmicConnector;

function connection(credentials: Record<string, string | undefined> = {}, settings: Record<string, unknown> = {}): Connection {
  const creds = Object.fromEntries(Object.entries({ ...APP, ...credentials }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return { tenantId: 'contract', id: 'cosmic-main', connector: 'kingdee-cosmic', credentials: creds, settings: { baseUrl: sandbox.url, isv: ISV, appId: 'hr', pageSize: 2, ...settings } };
}

async function sandboxCall(method: string, path: string, body?: unknown) {
  const res = await call<any>(`${sandbox.url}${path}`, method, body, {});
  if (res.status >= 400) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const records = (kind?: string): Promise<{ api?: string; kind: string; outcome: string; body?: any; detail?: any }[]> =>
  sandboxCall('GET', `/_sandbox/kingdee/cosmic/records${kind ? `?kind=${kind}` : ''}`);

async function rowsOf(formId: string): Promise<Record<string, unknown>[]> {
  const state = await sandboxCall('GET', '/_sandbox/kingdee/cosmic/state');
  return state.forms.find((f: { formId: string }) => f.formId === formId).rows;
}

async function start(): Promise<void> {
  sandbox = await createSandboxApp({ port: 0, seed: seed() });
}

let n = 0;
function sampleEvent(candidateId = 'cand-zhangwei'): CancellationEvent {
  n++;
  return {
    schemaVersion: 1,
    id: `01JD0000000000000000C${String(n).padStart(5, '0')}`,
    tenantId: 'contract',
    source: { system: 'api', connectionId: 'api', mode: 'api', receivedAt: new Date().toISOString() },
    occurredAt: new Date().toISOString(),
    interview: { key: `api:iv-${n}-${Date.now()}`, externalIds: { api: `iv-${n}` }, kind: 'onsite', scheduledStart: new Date(Date.now() + 86_400_000).toISOString(), position: { title: '销售经理' }, interviewers: [] },
    candidate: { externalIds: { 'cosmic-main': candidateId }, name: '张伟' },
    cancellation: { reason: { code: 'candidate_withdrew', detail: 'other_offer', sourceValue: 'candidate_withdrew/other_offer' }, initiatedBy: { type: 'recruiter' } },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
  };
}

describeConnectorConformance(
  'kingdee-cosmic (苍穹/星瀚)',
  async () => {
    connector = new KingdeeCosmicConnector();
    await start();
    return {
      connector,
      connection: connection(),
      prepareCancelled: async () => {
        await sandboxCall('POST', '/_sandbox/kingdee/cosmic/forms/hr_interview/rows', { rows: [interview('iv-conf', 'C', 1)] });
        return ['iv-conf'];
      },
      sampleEvent: async () => sampleEvent(),
      effectParams: { candidateStatus: { status: 'CANCELLED' }, moveToTalentPool: { pool: '潜在候选人' } },
      applications: async (effect) => (await rowsOf(EFFECT_FORMS[effect.type as keyof typeof EFFECT_FORMS])).filter((r) => r.hubkey === keyOf(effect)).length,
      resolvable: { candidate: { hints: { phone: '+86 139-0013-9002' }, externalId: 'cand-lina', unknown: { phone: '10000000000', email: 'nobody@example.com' } } },
      failNext: async (kind, times) => {
        const response = kind === 'server_error' ? { status: 500, body: { errorCode: '500', message: '系统异常', status: false, data: null } } : { status: 429, body: { errorCode: '429', message: '调用频率超限', status: false, data: null } };
        await sandboxCall('POST', '/_sandbox/faults', { method: 'POST', path: '/kapi/v2/*', responses: [response], times });
      },
      refusedCredentials: () => ({ connector: new KingdeeCosmicConnector(), connection: connection({ clientSecret: 'not-the-secret' }) }),
    };
  },
  async () => sandbox?.close(),
);

describe('kingdee-cosmic contract: tokens, paging, cursor, batch ids, row errors', () => {
  beforeAll(start);
  afterAll(async () => sandbox?.close());
  beforeEach(async () => {
    connector = new KingdeeCosmicConnector();
    await sandboxCall('POST', '/_sandbox/reset');
  });

  it('fetches one token for many concurrent calls and sends access_token with x-acgw-identity', async () => {
    const conn = connection();
    await Promise.all([1, 2, 3, 4, 5].map(() => connector.resolve('candidate', { email: 'lina@example.com' }, conn)));
    const tokens = await records('token');
    expect(tokens).toHaveLength(1);
    expect(tokens[0].body).toMatchObject({ client_id: APP.clientId, username: APP.username, accountId: APP.accountId, language: 'zh_CN' });
    expect(typeof tokens[0].body.nonce).toBe('string');
    const queries = await records('query');
    expect(queries).toHaveLength(5);
    expect(queries.every((q) => q.outcome === 'ok' && q.detail.identity === APP.identity && q.detail.clientId === APP.clientId)).toBe(true);
  });

  it('reads expires_in as milliseconds: a 61.5 s token is fetched again 1.6 s later (60 s refresh margin)', async () => {
    await sandboxCall('POST', '/_sandbox/kingdee/cosmic/settings', { tokenTtlMs: 61_500 });
    const conn = connection();
    await connector.resolve('candidate', { phone: '13800138001' }, conn);
    await connector.resolve('candidate', { phone: '13800138001' }, conn);
    expect(await records('token')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_600));
    await connector.resolve('candidate', { phone: '13800138001' }, conn);
    expect(await records('token')).toHaveLength(2);
  });

  it('fetches a new token once when Cosmic says the token expired, then succeeds', async () => {
    const conn = connection();
    expect(await connector.resolve('candidate', { phone: '13800138001' }, conn)).toEqual({ externalId: 'cand-zhangwei' });
    await sandboxCall('POST', '/_sandbox/kingdee/cosmic/expire-tokens');
    expect(await connector.resolve('candidate', { phone: '13800138001' }, conn)).toEqual({ externalId: 'cand-zhangwei' });
    expect(await records('token')).toHaveLength(2);
    const queries = await records('query');
    expect(queries.map((q) => q.outcome)).toEqual(['ok', 'error', 'ok']);
  });

  it('refuses the 31st getToken of a minute, and the connector reports it as RATE_LIMITED', async () => {
    const body = () => ({ client_id: LIMITED.clientId, client_secret: LIMITED.clientSecret, username: LIMITED.username, accountId: LIMITED.accountId, language: 'zh_CN', nonce: `${Math.random()}`, timestamp: wall(Date.now()) });
    for (let i = 0; i < 30; i++) {
      const res = await call<any>(`${sandbox.url}/kapi/oauth2/getToken`, 'POST', body(), {});
      expect([res.status, res.body.errorCode, res.body.status]).toEqual([200, '0', true]);
      expect(res.body.data).toMatchObject({ token_type: 'Bearer', expires_in: '7200000' });
    }
    const refused = await call<any>(`${sandbox.url}/kapi/oauth2/getToken`, 'POST', body(), {});
    expect([refused.status, refused.body.errorCode, refused.body.status]).toEqual([429, '429', false]);
    const error = await connector.resolve('candidate', { phone: '13800138001' }, connection({ ...LIMITED })).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('RATE_LIMITED');
    expect((await records('token')).filter((r) => r.outcome === 'throttled')).toHaveLength(2);
  });

  it('answers getToken errors 401 (wrong secret) and 603 (missing or stale parameters)', async () => {
    const good = { client_id: APP.clientId, client_secret: APP.clientSecret, username: APP.username, accountId: APP.accountId, nonce: 'n1', timestamp: wall(Date.now()) };
    const wrong = await call<any>(`${sandbox.url}/kapi/oauth2/getToken`, 'POST', { ...good, client_secret: 'x' }, {});
    expect(wrong.body).toMatchObject({ errorCode: '401', status: false });
    const stale = await call<any>(`${sandbox.url}/kapi/oauth2/getToken`, 'POST', { ...good, timestamp: wall(Date.now() - 6 * 60_000) }, {});
    expect(stale.body).toMatchObject({ errorCode: '603', status: false });
    const missing = await call<any>(`${sandbox.url}/kapi/oauth2/getToken`, 'POST', { ...good, nonce: undefined }, {});
    expect(missing.body).toMatchObject({ errorCode: '603', status: false });
  });

  it('pages the cancelled rows until lastPage, keeps the cursor, and parses them with their batch id', async () => {
    const conn = connection();
    const first = await connector.poll(conn, { scope: 'changes', subjects: [], now: new Date() });
    expect(first.events.map((e) => e.externalEventId.split(':')[1])).toEqual(['iv-2', 'iv-3', 'iv-4', 'iv-5']);
    const queries = await records('query');
    expect(queries.map((q) => q.body.pageNo)).toEqual([1, 2]);
    expect(queries[0].body.data).toMatchObject({ status: ['C'] });
    expect(typeof queries[0].body.data.modifytime_start).toBe('string');
    const [parsed] = connector.parse(first.events[0], conn) as VendorCancellation[];
    expect(parsed).toMatchObject({
      kind: 'cancellation',
      interview: { externalId: 'iv-2', position: { title: '销售经理' }, scheduledStart: '2026-12-03T02:00:00.000Z' },
      candidate: { externalId: 'cand-zhangwei', name: '张伟', phone: '13800138001', email: 'zhangwei@example.com' },
      reasonValue: '候选人已接受其他offer',
      batchId: 'batch-2026-11',
    });
    expect((connector.parse(first.events[3], conn)[0] as VendorCancellation).batchId).toBeUndefined();

    const again = await connector.poll(conn, { scope: 'changes', subjects: [], now: new Date(), cursor: first.cursor });
    expect(again.events).toEqual([]);
    await sandboxCall('POST', '/_sandbox/kingdee/cosmic/forms/hr_interview/rows', { rows: [interview('iv-1', 'C', 0)] });
    const later = await connector.poll(conn, { scope: 'changes', subjects: [], now: new Date(), cursor: again.cursor });
    expect(later.events.map((e) => e.externalEventId.split(':')[1])).toEqual(['iv-1']);
  });

  it('saves each effect once under its key, and maps a per-row error to INVALID', async () => {
    const conn = connection();
    const effect: Effect = { type: 'moveToTalentPool', idempotencyKey: 'del-1', event: sampleEvent(), params: { pool: '潜在候选人' } };
    expect((await connector.apply(effect, conn)).outcome).toBe('applied');
    expect((await connector.apply(effect, conn)).outcome).toBe('duplicate');
    const rows = await rowsOf('hr_talentpool_entry');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ hubkey: keyOf(effect), candidate: 'cand-zhangwei', pool: '潜在候选人' });
    // Each apply first asks for the bill by its key; the repeat finds it and saves nothing.
    expect((await records('query')).map((q) => q.body.data)).toEqual([{ hubkey: [keyOf(effect)] }, { hubkey: [keyOf(effect)] }]);
    expect((await records('save')).map((s) => s.detail.rows)).toEqual([1]);

    await sandboxCall('POST', '/_sandbox/kingdee/cosmic/save-errors', { formId: 'hr_candidate_statuslog', message: '状态值不合法' });
    const error = await connector.apply({ type: 'candidateStatus', idempotencyKey: 'del-2', event: sampleEvent(), params: { status: 'X' } }, conn).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect([(error as ConnectorError).kind, (error as ConnectorError).message]).toEqual(['INVALID', expect.stringContaining('状态值不合法')]);
    expect(await rowsOf('hr_candidate_statuslog')).toHaveLength(0);
  });

  it('does not double a bill when the answer of its save was lost and the hub retries', async () => {
    const conn = connection();
    const effect: Effect = { type: 'followUpReminder', idempotencyKey: 'del-lost', event: sampleEvent(), params: {} };
    await sandboxCall('POST', '/_sandbox/faults', { method: 'POST', path: '/kapi/v2/*/hr_followup_reminder/save', responses: [{ status: 200, loseAnswer: true }], times: 1 });
    const lost = await connector.apply(effect, conn).catch((e) => e);
    expect(lost).toBeInstanceOf(ConnectorError);
    expect((lost as ConnectorError).retryable).toBe(true);
    expect((await connector.apply(effect, conn)).outcome).toBe('duplicate');
    expect((await rowsOf('hr_followup_reminder')).filter((r) => r.hubkey === keyOf(effect))).toHaveLength(1);
    // The retry found the bill by its key: no second save.
    expect((await records('save')).map((r) => r.outcome)).toEqual(['answer_lost']);
  });

  it('is refused without the x-acgw-identity the app requires', async () => {
    const error = await connector.resolve('candidate', { phone: '13800138001' }, connection({ identity: undefined })).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    // Refused as an auth error twice: the first token, then the one fresh token of the single retry.
    expect(await records('token')).toHaveLength(2);
    expect((await records('query')).map((q) => q.outcome)).toEqual(['error', 'error']);
  });
});

describe('kingdee-cosmic contract: batch writes (applyBatch)', () => {
  beforeAll(start);
  afterAll(async () => sandbox?.close());
  beforeEach(async () => {
    connector = new KingdeeCosmicConnector();
    await sandboxCall('POST', '/_sandbox/reset');
  });

  const batchOf = (count: number, tag: string): Effect[] =>
    Array.from({ length: count }, (_, i) => ({ type: 'moveToTalentPool', idempotencyKey: `${tag}-${i}`, event: sampleEvent(i % 2 ? 'cand-lina' : 'cand-zhangwei'), params: { pool: '潜在候选人' } }));

  it('declares the four effects as batched, up to the schema ceiling of batchMaxRows', () => {
    const ceiling = ((connector.settingsSchema.properties as Record<string, { maximum: number }>).batchMaxRows).maximum;
    expect(connector.capabilities.batches).toEqual(Object.fromEntries(Object.keys(EFFECT_FORMS).map((type) => [type, { maxItems: ceiling }])));
  });

  it('applies N effects with one query and one save of N rows, one receipt each', async () => {
    const effects = batchOf(5, 'b1');
    const outcomes = await connector.applyBatch(effects, connection());
    expect(outcomes.map((o) => o.ok && o.receipt.outcome)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    const queries = await records('query');
    expect(queries).toHaveLength(1);
    expect(queries[0].body.data).toEqual({ hubkey: effects.map(keyOf) });
    const saves = await records('save');
    expect(saves.map((r) => r.detail.rows)).toEqual([5]);
    const rows = await rowsOf('hr_talentpool_entry');
    expect(rows.map((r) => r.hubkey)).toEqual(effects.map(keyOf));
    // Each receipt names its own bill.
    expect(outcomes.map((o) => (o.ok ? o.receipt.externalRef : undefined))).toEqual(rows.map((r) => r.id));
    expect(rows.map((r) => r.candidate)).toEqual(['cand-zhangwei', 'cand-lina', 'cand-zhangwei', 'cand-lina', 'cand-zhangwei']);
  });

  it('fails only the effect whose row Cosmic refuses', async () => {
    const effects = batchOf(4, 'b2');
    await sandboxCall('POST', '/_sandbox/kingdee/cosmic/save-errors', { formId: 'hr_talentpool_entry', message: '人才库不存在', match: { hubkey: keyOf(effects[2]) } });
    const outcomes = await connector.applyBatch(effects, connection());
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true]);
    const error = (outcomes[2] as { error: Error }).error as ConnectorError;
    expect(error).toBeInstanceOf(ConnectorError);
    expect([error.kind, error.message]).toEqual(['INVALID', expect.stringContaining('人才库不存在')]);
    expect((await rowsOf('hr_talentpool_entry')).map((r) => r.hubkey)).toEqual([0, 1, 3].map((i) => keyOf(effects[i])));
    expect((await records('save')).map((r) => r.detail.rows)).toEqual([4]);
  });

  it('does not double rows when a batch is applied again, nor after its save answer was lost', async () => {
    const conn = connection();
    const effects = batchOf(4, 'b3');
    await sandboxCall('POST', '/_sandbox/faults', { method: 'POST', path: '/kapi/v2/*/hr_talentpool_entry/save', responses: [{ status: 200, loseAnswer: true }], times: 1 });
    const lost = await connector.applyBatch(effects, conn).catch((e) => e);
    expect(lost).toBeInstanceOf(ConnectorError);
    expect((lost as ConnectorError).retryable).toBe(true);
    const retried = await connector.applyBatch(effects, conn);
    expect(retried.map((o) => o.ok && o.receipt.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const more = [...effects, ...batchOf(1, 'b3-new')];
    const again = await connector.applyBatch(more, conn);
    expect(again.map((o) => o.ok && o.receipt.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'applied']);
    expect((await rowsOf('hr_talentpool_entry')).map((r) => r.hubkey)).toEqual(more.map(keyOf));
    expect((await records('save')).map((r) => [r.outcome, r.detail.rows])).toEqual([['answer_lost', 4], ['ok', 1]]);
    expect(await records('query')).toHaveLength(3);
  });

  it('cuts a batch into saves of the connection batchMaxRows; a save above the vendor limit fails the whole call', async () => {
    await sandboxCall('POST', '/_sandbox/kingdee/cosmic/settings', { maxSaveRows: 2 });
    const effects = batchOf(5, 'b4');
    const outcomes = await connector.applyBatch(effects, connection({}, { batchMaxRows: 2 }));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect((await records('save')).map((r) => r.detail.rows)).toEqual([2, 2, 1]);
    expect(await records('query')).toHaveLength(3);

    const tooLarge = await connector.applyBatch(batchOf(3, 'b5'), connection({}, { batchMaxRows: 3 })).catch((e) => e);
    expect(tooLarge).toBeInstanceOf(ConnectorError);
    expect([(tooLarge as ConnectorError).kind, (tooLarge as ConnectorError).details.vendorCode]).toEqual(['PERMANENT', '603']);
    expect(await rowsOf('hr_talentpool_entry')).toHaveLength(5);
  });
});
