import { createHash } from 'node:crypto';
import { ConnectorError, type Connection, type Effect, type VendorCancellation } from '@hub/connector-sdk';
import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { KingdeeK3Connector } from '@hub/connectors/kingdee';
import type { CancellationEvent } from '@hub/schema';
import { K3_ACCOUNT, k3Seed } from '../../apps/vendor-sandbox/src/kingdee/k3/kingdee-k3.test-kit';
import { createSandboxApp, type SandboxApp } from '../../apps/vendor-sandbox/src/sandbox.app';

/**
 * The K/3 Cloud connector (`kingdee`) against the K/3 Cloud simulator over HTTP: the shared conformance suite in both
 * login modes (LoginBySign, LoginByAppSecret), then what only K/3 has: paging, batch cancels, lost sessions in the
 * middle of a poll and of a run of saves, per-row save errors and SHA-1 signing. Counts come from the simulator's records.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const CONN_ID = 'kingdee-main';
/** The key the connector must write (K3.md "Effects"), computed here independently. */
const keyOf = (e: Pick<Effect, 'idempotencyKey' | 'type'>) => createHash('sha256').update(`${e.idempotencyKey}:${e.type}`).digest('hex').slice(0, 32);
const FORM_OF: Record<string, string> = { archiveInterview: 'PAEZ_InterviewArchive', moveToTalentPool: 'PAEZ_TalentPool', followUpReminder: 'PAEZ_FollowUp' };

let sandbox: SandboxApp;

function connection(settings: Record<string, unknown> = {}, credentials: Record<string, string> = {}): Connection {
  return { tenantId: 'contract', id: CONN_ID, connector: 'kingdee', credentials: { ...K3_ACCOUNT, ...credentials }, settings: { serverUrl: `${sandbox.url}/K3Cloud`, ...settings } };
}

async function control(path: string, body?: unknown, method = 'POST'): Promise<any> {
  const res = await fetch(`${sandbox.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (res.status >= 400) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const state = (): Promise<Json> => control('/_sandbox/kingdee/k3/state', undefined, 'GET');
const records = (api?: string): Promise<Json[]> => control(`/_sandbox/kingdee/k3/records${api ? `?api=${api}` : ''}`, undefined, 'GET');

let n = 0;
/** A new candidate in the simulator and an event about it, so every sample starts with nothing applied. */
async function freshEvent(): Promise<CancellationEvent> {
  n++;
  const id = `CF${Date.now()}${n}`;
  await control('/_sandbox/kingdee/k3/rows', { formId: 'PAEZ_Candidate', rows: [{ FNumber: id, FName: `候选人${n}`, FPhone: `1370000${String(n).padStart(4, '0')}`, FStatus: '面试待筛选' }] });
  return {
    schemaVersion: 1,
    id: `01JD00000000000000000${String(n).padStart(5, '0')}`,
    tenantId: 'contract',
    source: { system: 'api', connectionId: 'api', mode: 'api', receivedAt: new Date().toISOString() },
    occurredAt: new Date().toISOString(),
    interview: { key: `api:iv-${id}`, externalIds: { api: `iv-${id}` }, kind: 'onsite', scheduledStart: new Date(Date.now() + 86_400_000).toISOString(), position: { title: '招聘专员' }, interviewers: [] },
    candidate: { externalIds: { [CONN_ID]: id }, name: `候选人${n}` },
    cancellation: { reason: { code: 'position_changed', sourceValue: '岗位已关闭' }, initiatedBy: { type: 'recruiter' } },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
  };
}

/** Rows holding the effect's key (keyed effects), or distinct candidate rows written by FID (candidateStatus). */
async function applications(effect: Effect): Promise<number> {
  if (effect.type === 'candidateStatus') {
    const id = effect.event.candidate.externalIds[CONN_ID];
    const row = (await state()).forms.PAEZ_Candidate.rows.find((r: Json) => r.FNumber === id);
    const saves = (await records('Save')).filter((r) => r.outcome === 'ok' && r.body.parameters[0] === 'PAEZ_Candidate' && r.body.parameters[1].Model.FID === row.FID);
    return saves.length ? 1 : 0;
  }
  return (await state()).forms[FORM_OF[effect.type]]?.rows.filter((r: Json) => r.FHubKey === keyOf(effect)).length ?? 0;
}

for (const loginMode of ['sign', 'appSecret', 'signedHeaders'] as const) {
  describeConnectorConformance(
    `kingdee (K/3 Cloud, login ${loginMode})`,
    async () => {
      sandbox = await createSandboxApp({ port: 0, seed: { kingdee: { k3: k3Seed(5) } } });
      const connector = new KingdeeK3Connector();
      return {
        connector,
        connection: connection({ loginMode }),
        prepareCancelled: async () => ['IV001', 'IV002'],
        sampleEvent: freshEvent,
        effectParams: { candidateStatus: { status: '已取消面试' }, moveToTalentPool: { pool: '潜在候选人' }, followUpReminder: { recipients: [{ role: 'recruiter', externalId: 'R01', channel: 'k3', title: '跟进', body: '请跟进后续意向' }] } },
        applications,
        failNext: async (kind, times) => {
          const response = kind === 'server_error' ? { status: 500, body: { Message: '服务器内部错误', InnerException: null } } : { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '1' } };
          await control('/_sandbox/faults', { method: 'POST', path: '/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.*', responses: [response], times });
        },
        refusedCredentials: () => ({ connector: new KingdeeK3Connector(), connection: connection({ loginMode }, { [loginMode === 'signedHeaders' ? 'gwSecret' : 'appSecret']: 'not-the-secret' }) }),
        resolvable: { candidate: { hints: { phone: '+86 138-0013-8000' }, externalId: 'C001', unknown: { phone: '13999999999', email: 'nobody@example.com' } } },
      };
    },
    () => sandbox.close(),
  );
}

describe('kingdee (K/3 Cloud) contract: paging, batches, lost sessions, row errors', () => {
  let connector: KingdeeK3Connector;
  const talentPool = async () => (await state()).forms.PAEZ_TalentPool.rows as Json[];

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: { kingdee: { k3: k3Seed(5) } } });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await control('/_sandbox/reset');
    connector = new KingdeeK3Connector();
  });

  const batch = (count: number) =>
    control('/_sandbox/kingdee/k3/rows', {
      formId: 'PAEZ_Interview',
      rows: Array.from({ length: count }, (_, i) => ({ FNumber: `BX${i}`, FCandidateNumber: `C${i}`, FStatus: 'CANCELLED', FReason: '岗位已关闭', FBatchId: 'BATCH-50', FModifyDate: '2026-11-30 12:00:00' })),
    });

  it('pages a 50-row batch cancel until exhausted; each becomes a cancellation sharing the batchId; the cursor moves', async () => {
    await batch(50);
    const conn = connection({ pageSize: 7 });
    const first = await connector.poll(conn, { scope: 'changes', subjects: [], now: new Date('2026-11-30T06:00:00Z'), cursor: JSON.stringify({ since: '2026-11-30 00:00:00' }) });
    const parsed = first.events.flatMap((e) => connector.parse(e, conn)).filter((p): p is VendorCancellation => p.kind === 'cancellation');
    expect(parsed.filter((p) => p.batchId === 'BATCH-50')).toHaveLength(50);
    expect(parsed.find((p) => p.interview.externalId === 'BX3')).toMatchObject({ candidate: { externalId: 'C3' }, reasonValue: '岗位已关闭', occurredAt: '2026-11-30T04:00:00.000Z' });
    expect(first.events).toHaveLength(52); // and IV001/IV002 of the seed
    const queries = await records('ExecuteBillQuery');
    expect(queries).toHaveLength(Math.ceil(55 / 7)); // 55 rows since the cursor, 7 a page, the last page short
    expect(queries.map((r) => r.body.parameters[0].StartRow)).toEqual([0, 7, 14, 21, 28, 35, 42, 49]);
    expect(JSON.parse(first.cursor!)).toEqual({ since: '2026-11-30 12:00:00' });
  });

  it('resumes from the stored cursor on a new connector instance (a restart), reading only rows from its time on', async () => {
    const conn = connection();
    const first = await connector.poll(conn, { scope: 'changes', subjects: [], now: new Date('2026-11-30T06:00:00Z'), cursor: JSON.stringify({ since: '2026-11-30 00:00:00' }) });
    expect(JSON.parse(first.cursor!)).toEqual({ since: '2026-11-30 04:00:00' });
    await control('/_sandbox/kingdee/k3/rows', { formId: 'PAEZ_Interview', rows: [{ FNumber: 'IV002', FStatus: 'CANCELLED', FModifyDate: '2026-11-30 13:00:00' }, { FNumber: 'IV009', FCandidateNumber: 'C009', FStatus: 'CANCELLED', FModifyDate: '2026-11-30 13:00:00' }] });
    const restarted = new KingdeeK3Connector();
    const second = await restarted.poll(conn, { scope: 'changes', subjects: [], now: new Date(), cursor: first.cursor });
    expect(second.events.map((e) => e.externalEventId).sort()).toEqual(['PAEZ_Interview:IV002:2026-11-30 13:00:00', 'PAEZ_Interview:IV009:2026-11-30 13:00:00']);
    expect(second.discovered).toEqual(['IV005']); // modified at the cursor time, not cancelled
    expect(JSON.parse(second.cursor!)).toEqual({ since: '2026-11-30 13:00:00' });
    expect((await records('ExecuteBillQuery')).at(-1)!.body.parameters[0].FilterString).toBe("FModifyDate >= '2026-11-30 04:00:00'");
  });

  it('renews a session lost in the middle of a poll once and reads every page once more at most', async () => {
    await batch(50);
    const conn = connection({ pageSize: 10 });
    await connector.resolve('candidate', { phone: '13800138000' }, conn); // a cached session
    await control('/_sandbox/kingdee/k3/sessions/expire', { afterCalls: 3 });
    const before = (await records('ExecuteBillQuery')).length;
    const polled = await connector.poll(conn, { scope: 'changes', subjects: [], now: new Date(), cursor: JSON.stringify({ since: '2026-11-30 00:00:00' }) });
    expect(new Set(polled.events.map((e) => e.externalEventId)).size).toBe(52);
    expect((await records('LoginBySign')).length).toBe(2);
    const queries = (await records('ExecuteBillQuery')).slice(before);
    expect(queries.map((q) => q.outcome)).toEqual(['ok', 'ok', 'ok', 'error', 'ok', 'ok', 'ok']);
    expect(queries.map((q) => q.body.parameters[0].StartRow)).toEqual([0, 10, 20, 30, 30, 40, 50]);
  });

  it('renews a session lost between saves once, without doubling a row', async () => {
    const conn = connection();
    const event = await freshEvent();
    const effects: Effect[] = ['k1', 'k2', 'k3'].map((k) => ({ type: 'moveToTalentPool', idempotencyKey: k, event, params: {} }));
    await connector.apply(effects[0], conn);
    // The lookup of the next apply is answered, its Save meets the lost session.
    await control('/_sandbox/kingdee/k3/sessions/expire', { afterCalls: 1 });
    for (const e of effects.slice(1)) await connector.apply(e, conn);
    await connector.apply(effects[1], conn); // a retry overwrites
    expect((await talentPool()).map((r) => [r.FHubKey, r.FPool])).toEqual(effects.map((e) => [keyOf(e), '潜在候选人']));
    expect((await records('Save')).map((r) => r.outcome)).toEqual(['ok', 'error', 'ok', 'ok', 'ok']);
    expect((await records('LoginBySign')).length).toBe(2);
  });

  it('reports a row-level save error for that candidate only, and a retry of it alone succeeds', async () => {
    const conn = connection();
    const events = [await freshEvent(), await freshEvent(), await freshEvent()];
    const effects: Effect[] = events.map((event, i) => ({ type: 'moveToTalentPool', idempotencyKey: `row-${i}`, event, params: { pool: '潜在候选人' } }));
    await control('/_sandbox/kingdee/k3/row-errors', { formId: 'PAEZ_TalentPool', key: keyOf(effects[1]), message: '候选人字段是必填项', fieldName: 'FCandidateNumber' });
    const results = await Promise.allSettled(effects.map((e) => connector.apply(e, conn)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const err = (results[1] as PromiseRejectedResult).reason as ConnectorError;
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err.kind).toBe('INVALID');
    expect(err.message).toContain(events[1].candidate.externalIds[CONN_ID]);
    await connector.apply(effects[1], conn);
    expect((await talentPool()).map((r) => r.FHubKey).sort()).toEqual(effects.map(keyOf).sort());
  });

  describe('applyBatch (BatchSave)', () => {
    const poolEffects = async (count: number, prefix: string): Promise<Effect[]> => {
      const out: Effect[] = [];
      for (let i = 0; i < count; i++) out.push({ type: 'moveToTalentPool', idempotencyKey: `${prefix}-${i}`, event: await freshEvent(), params: { pool: '潜在候选人' } });
      return out;
    };
    const rowsPerSave = async () => (await records()).filter((r) => r.api === 'Save' || r.api === 'BatchSave').map((r) => [r.api, [r.body.parameters[1].Model].flat().length, r.outcome]);

    it('writes a batch as one key lookup and one BatchSave per batchMaxRows, Submit and Audit once per save; a retry overwrites', async () => {
      const conn = connection({ batchMaxRows: 20, talentPool: { submit: true, audit: true } });
      const effects = await poolEffects(30, 'b');
      const outcomes = await connector.applyBatch(effects, conn);
      expect(outcomes.map((o) => o.ok && o.receipt.outcome)).toEqual(effects.map(() => 'applied'));
      const refs = outcomes.map((o) => (o.ok ? o.receipt.externalRef : ''));
      expect(new Set(refs).size).toBe(30);
      expect(await rowsPerSave()).toEqual([['BatchSave', 20, 'ok'], ['BatchSave', 10, 'ok']]);
      expect((await records('ExecuteBillQuery')).map((r) => r.body.parameters[0].FilterString.split(' OR ').length)).toEqual([20, 10]);
      expect((await records()).filter((r) => r.api === 'Submit' || r.api === 'Audit').map((r) => [r.api, r.body.parameters[1].Numbers.length])).toEqual([['Submit', 20], ['Audit', 20], ['Submit', 10], ['Audit', 10]]);
      const pool = await talentPool();
      expect(pool.map((r) => [r.FHubKey, r.FPool, r.FDocumentStatus])).toEqual(effects.map((e) => [keyOf(e), '潜在候选人', 'C']));
      // The hub retries the whole batch (e.g. its answer was lost): rows are overwritten through their FID.
      const again = await connector.applyBatch(effects, conn);
      expect(again.map((o) => o.ok && o.receipt.externalRef)).toEqual(refs);
      expect((await talentPool()).length).toBe(30);
    });

    it('renews a session lost in the middle of a BatchSave once, without doubling a row', async () => {
      const conn = connection();
      const effects = await poolEffects(12, 'lost');
      await connector.resolve('candidate', { phone: '13800138000' }, conn); // a cached session
      await control('/_sandbox/kingdee/k3/sessions/expire', { beforeOp: 'BatchSave' }); // the key lookup is answered, the BatchSave meets the lost session
      const outcomes = await connector.applyBatch(effects, conn);
      expect(outcomes.every((o) => o.ok)).toBe(true);
      expect(await rowsPerSave()).toEqual([['BatchSave', 12, 'error'], ['BatchSave', 12, 'ok']]);
      expect((await records('LoginBySign')).length).toBe(2);
      expect((await talentPool()).map((r) => r.FHubKey)).toEqual(effects.map(keyOf));
    });

    it('fails only the row K/3 refused; its retry alone is a Save of that row', async () => {
      const conn = connection();
      const effects = await poolEffects(5, 'row');
      await control('/_sandbox/kingdee/k3/row-errors', { formId: 'PAEZ_TalentPool', key: keyOf(effects[3]), message: '数据被锁定，请稍后再试' });
      const outcomes = await connector.applyBatch(effects, conn);
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, true]);
      const error = (outcomes[3] as { error: Error }).error as ConnectorError;
      expect(error).toMatchObject({ kind: 'TEMPORARY' });
      expect(error.message).toContain(effects[3].event.candidate.externalIds[CONN_ID]);
      const [retried] = await connector.applyBatch([effects[3]], conn);
      expect(retried.ok).toBe(true);
      // K/3 answers IsSuccess false for a BatchSave with a refused row (recorded as an error), the other rows saved.
      expect(await rowsPerSave()).toEqual([['BatchSave', 5, 'error'], ['Save', 1, 'ok']]);
      expect((await talentPool()).map((r) => r.FHubKey).sort()).toEqual(effects.map(keyOf).sort());
    });

    it('sets statuses by FID in one lookup and one BatchSave; a candidate K/3 does not have fails alone', async () => {
      const conn = connection();
      const events = [await freshEvent(), await freshEvent(), await freshEvent()];
      events[1].candidate.externalIds[CONN_ID] = 'NO-SUCH-CANDIDATE';
      const effects: Effect[] = events.map((event, i) => ({ type: 'candidateStatus', idempotencyKey: `st-${i}`, event, params: { status: '已取消面试' } }));
      const outcomes = await connector.applyBatch(effects, conn);
      expect(outcomes.map((o) => (o.ok ? o.receipt.outcome : (o.error as ConnectorError).kind))).toEqual(['applied', 'NOT_FOUND', 'applied']);
      expect(await rowsPerSave()).toEqual([['BatchSave', 2, 'ok']]);
      const rows = (await state()).forms.PAEZ_Candidate.rows as Json[];
      for (const e of [events[0], events[2]]) expect(rows.find((r) => r.FNumber === e.candidate.externalIds[CONN_ID])?.FStatus).toBe('已取消面试');
    });
  });

  it('signs with SHA-1 where the setting says so, and a wrong algorithm is refused credentials', async () => {
    await control('/_sandbox/kingdee/k3/settings', { signAlgorithm: 'sha1' });
    const hints = { email: 'c1@example.com' };
    await expect(connector.resolve('candidate', hints, connection())).rejects.toMatchObject({ kind: 'PERMANENT' });
    expect(await new KingdeeK3Connector().resolve('candidate', hints, connection({ signAlgorithm: 'sha1' }))).toEqual({ externalId: 'C001' });
  });

  it('signed-header mode logs in never, signs every call with a fresh nonce, and refuses a wrong appSecret', async () => {
    const conn = connection({ loginMode: 'signedHeaders' });
    expect(await connector.resolve('candidate', { email: 'c1@example.com' }, conn)).toEqual({ externalId: 'C001' });
    expect(await connector.resolve('candidate', { email: 'c2@example.com' }, conn)).toEqual({ externalId: 'C002' });
    expect((await records()).filter((r) => r.kind === 'auth')).toHaveLength(0);
    await expect(connector.resolve('candidate', { email: 'c1@example.com' }, connection({ loginMode: 'signedHeaders' }, { appSecret: 'wrong' }))).rejects.toMatchObject({ kind: 'PERMANENT' });
  });

  it('maps the [[{Result}]] query error of a wrong FormId and an HTTP 401 lost session', async () => {
    await expect(connector.poll(connection({ interview: { formId: 'NO_SUCH' } }), { scope: 'changes', subjects: [], now: new Date() })).rejects.toMatchObject({ kind: 'NOT_FOUND' });
    await control('/_sandbox/kingdee/k3/settings', { lostSession: 'http401' });
    const conn = connection();
    await connector.resolve('candidate', { email: 'c1@example.com' }, conn);
    await control('/_sandbox/kingdee/k3/sessions/expire');
    expect(await connector.resolve('candidate', { email: 'c2@example.com' }, conn)).toEqual({ externalId: 'C002' });
    expect((await records('LoginBySign')).length).toBe(2);
  });
});
