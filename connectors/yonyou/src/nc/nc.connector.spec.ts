import { checkConnectorDeclaration, ConnectorError, registeredConnectorClasses, type Connector, type Effect, type VendorCancellation } from '@hub/connector-sdk';
import { YonyouNcConnector } from './nc.connector';
import { LOOPBACK, NcSandbox, sampleEvent } from './testing/nc-sandbox.fixture';

/** The connector against the real NC simulator over HTTP (SOAP through `soap`, WSDL from the simulator). */
let nc: NcSandbox;
let since = 0;

beforeAll(async () => {
  nc = await NcSandbox.start();
});
afterAll(() => nc?.close());
beforeEach(async () => {
  await nc.control('POST', '/reset');
  since = await nc.mark();
});

const connector = () => new YonyouNcConnector({ outbound: LOOPBACK });
let n = 0;
const effect = (type: Effect['type'], params: Effect['params'] = {}, key = `dlv-${++n}`): Effect => ({ type, idempotencyKey: key, event: sampleEvent(n), params });

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const writes = async () => (await nc.control<{ writes: { operation: string; idempotencyKey: string; data: any }[] }>('GET', '/state')).writes;

describe('yonyou-nc connector: declaration', () => {
  it('declares itself consistently, is registered, keyed effects, poll inbound, no resolve', () => {
    const c = connector();
    expect(checkConnectorDeclaration(c)).toEqual([]);
    expect(registeredConnectorClasses().get('yonyou-nc')).toBe(YonyouNcConnector);
    expect(c.capabilities.repeat).toEqual({ candidateStatus: 'keyed', archiveInterview: 'keyed', tagTalentPool: 'keyed' });
    expect((c as Connector).resolve).toBeUndefined();
    expect(c.system).toBe('yonyou');
  });
});

describe('yonyou-nc connector: effects', () => {
  it('applies each effect through its configured operation with the hub payload and the idempotency key', async () => {
    const c = connector();
    const status = await c.apply(effect('candidateStatus', { status: '7' }), nc.connection());
    const archive = await c.apply(effect('archiveInterview'), nc.connection());
    const tags = await c.apply(effect('tagTalentPool', { tags: ['2026年11月取消面试-岗位:销售经理', '原因:时间冲突'] }), nc.connection());
    for (const r of [status, archive, tags]) expect(r).toMatchObject({ outcome: 'applied', externalRef: expect.stringMatching(/^NCW/), detail: expect.stringContaining('操作成功') });
    const w = await writes();
    expect(w.map((x) => x.operation)).toEqual(['syncInterviewCancel', 'archiveInterview', 'tagCandidate']);
    expect(w[0]).toMatchObject({ idempotencyKey: `dlv-${n - 2}`, data: { effect: 'candidateStatus', status: '7', candidate: { externalId: `NC-CAND-${n - 2}` }, interview: { externalId: `NC-IV-${n - 2}` } } });
    expect(w[1].data.note).toMatch(/^面试已取消 \| 取消时间: /);
    expect(w[2].data.tags).toEqual(['2026年11月取消面试-岗位:销售经理', '原因:时间冲突']);
    const records = await nc.records(`kind=soap&since=${since}`);
    // WS-Security user and the Urc header reached NC; the WSDL was fetched once for the three calls.
    expect(records.every((r) => r.body.username === 'nc-hub-demo' && r.body.urc.datasource === 'nc65')).toBe(true);
    expect(await nc.records(`kind=wsdl&since=${since}`)).toHaveLength(1);
  });

  it('applies a repeat of one idempotency key once (counted in NC), answering like the first time', async () => {
    const c = connector();
    const e = effect('candidateStatus', { status: '7' });
    const first = await c.apply(e, nc.connection());
    const again = await connector().apply(e, nc.connection());
    expect(again).toEqual(first);
    expect((await writes()).filter((w) => w.idempotencyKey === e.idempotencyKey)).toHaveLength(1);
    expect((await nc.records(`api=syncInterviewCancel&since=${since}`)).map((r) => r.outcome)).toEqual(['ok', 'duplicate']);
  });

  it('sends nothing for an effect the connection does not configure, or a candidateStatus without a status', async () => {
    const only = nc.connection({ settings: { operations: { candidateStatus: nc.connection().settings.operations!['candidateStatus' as never] } } });
    expect(await connector().apply(effect('tagTalentPool', { tags: ['x'] }), only)).toMatchObject({ outcome: 'not_applicable', detail: expect.stringContaining('operations.tagTalentPool') });
    expect((await failure(connector().apply(effect('candidateStatus'), nc.connection()))).kind).toBe('INVALID');
    expect(await connector().apply(effect('tagTalentPool', { tags: [] }), nc.connection())).toMatchObject({ outcome: 'not_applicable' });
    expect(await nc.records(`kind=soap&since=${since}`)).toEqual([]);
  });

  it('reports NC\'s refusal in <return> as INVALID with its message', async () => {
    const odd = nc.connection({ settings: { operations: { archiveInterview: { interface: 'nc.itf.hr.recruit.IInterviewSyncService', operation: 'archiveInterview', args: { arg0: '{"candidate":{"externalId":"x"}}', arg1: '{{idempotencyKey}}' } } } } });
    const e = await failure(connector().apply(effect('archiveInterview'), odd));
    expect(e.kind).toBe('INVALID');
    expect(e.message).toContain('note 不能为空');
  });

  it('reports refused WS-Security credentials as PERMANENT, and applies nothing', async () => {
    const e = await failure(connector().apply(effect('candidateStatus', { status: '7' }), nc.connection({ credentials: { username: 'nc-hub-demo', password: 'wrong' } })));
    expect(e).toMatchObject({ kind: 'PERMANENT', details: { vendorCode: 'wsse:FailedAuthentication', ambiguous: false } });
    expect(await writes()).toEqual([]);
  });

  it.each([
    ['a SOAP Server fault', 'TEMPORARY', { kind: 'soapFault', faultcode: 'Server', faultstring: 'java.sql.SQLException: 数据库连接已关闭' }, undefined],
    ['a SOAP Client fault', 'INVALID', { kind: 'soapFault', faultcode: 'Client', faultstring: 'NO_PART_FOUND' }, undefined],
    ['a throttling fault text', 'RATE_LIMITED', { kind: 'soapFault', faultcode: 'Server', faultstring: '请求过于频繁，请稍后再试' }, 1000],
    ['an HTTP 500 page', 'TEMPORARY', { kind: 'http', status: 500 }, undefined],
    ['an HTTP 429 from a gateway', 'RATE_LIMITED', { kind: 'http', status: 429, body: 'Too Many Requests', headers: { 'retry-after': '3' } }, 3000],
  ])('maps %s to %s, and applies nothing', async (_what, kind, fault, retryAfterMs) => {
    await nc.control('POST', '/faults', { ...fault, operation: 'syncInterviewCancel' });
    const e = await failure(connector().apply(effect('candidateStatus', { status: '7' }), nc.connection()));
    expect(e.kind).toBe(kind);
    expect(e.details.retryAfterMs).toBe(retryAfterMs);
    expect(await writes()).toEqual([]);
  });

  it('treats a lost answer and a timeout as ambiguous; the retry under the same key is applied once', async () => {
    const c = connector();
    const e = effect('archiveInterview');
    await nc.control('POST', '/faults', { kind: 'loseAnswer', operation: 'archiveInterview' });
    expect(await failure(c.apply(e, nc.connection()))).toMatchObject({ kind: 'TEMPORARY', details: { ambiguous: true } });
    await nc.control('POST', '/faults', { kind: 'slow', operation: 'archiveInterview', delayMs: 1500 });
    const slow = await failure(c.apply(e, nc.connection({ settings: { timeoutMs: 1000 } })));
    expect(slow).toMatchObject({ kind: 'TEMPORARY', details: { ambiguous: true } });
    expect(await c.apply(e, nc.connection())).toMatchObject({ outcome: 'applied' });
    expect((await writes()).filter((w) => w.idempotencyKey === e.idempotencyKey)).toHaveLength(1);
  });
});

describe('yonyou-nc connector: poll', () => {
  const now = () => new Date();

  it('reads every cancelled interview once, under stable event ids, and parses them', async () => {
    const c = connector();
    const first = await c.poll(nc.connection(), { scope: 'changes', subjects: [], now: now() });
    expect(first.events.map((e) => e.externalEventId)).toEqual(['interview:NC-IV-0001:cancelled', 'interview:NC-IV-0002:cancelled']);
    expect(first.discovered).toEqual([]);
    const [cancel] = c.parse(first.events[0], nc.connection()) as VendorCancellation[];
    expect(cancel).toMatchObject({ kind: 'cancellation', candidate: { externalId: 'NC-CAND-0001', name: '张伟' }, interview: { externalId: 'NC-IV-0001', scheduledStart: '2026-12-03T10:00:00.000+08:00' }, reasonValue: '候选人已接受其他offer' });
    // The cursor is the hub's to keep: a new connector (a restart) with it reads nothing old again.
    const second = await connector().poll(nc.connection(), { scope: 'changes', subjects: [], now: now(), cursor: first.cursor });
    expect(second.events).toEqual([]);
    await nc.control('POST', '/cancelled-interviews', { pk_interview: 'NC-IV-0100', pk_candidate: 'NC-CAND-0100', ts: '2099-01-01 00:00:00' });
    const third = await connector().poll(nc.connection(), { scope: 'changes', subjects: [], now: now(), cursor: second.cursor });
    expect(third.events.map((e) => e.externalEventId)).toEqual(['interview:NC-IV-0100:cancelled']);
    expect(JSON.parse(third.cursor!)).toEqual({ since: '2099-01-01 00:00:00', ids: ['NC-IV-0100'] });
  });

  it('reads page after page until the last one (counted in NC)', async () => {
    const paged = nc.connection({ settings: { poll: { pageSize: 1 } } });
    await nc.control('POST', '/cancelled-interviews', { pk_interview: 'NC-IV-0003', pk_candidate: 'NC-CAND-0003' });
    const result = await connector().poll(paged, { scope: 'sweep', subjects: [], now: now() });
    expect(result.events).toHaveLength(3);
    const queries = await nc.records(`api=queryCancelledInterviews&since=${since}`);
    expect(queries.map((q) => JSON.parse(q.body.args.arg0).pageNo)).toEqual([1, 2, 3]);
  });

  it('polls named candidates without moving the cursor, dropping rows of others', async () => {
    const result = await connector().poll(nc.connection(), { scope: 'subjects', subjects: ['NC-CAND-0002'], now: now(), cursor: '{"since":"x","ids":[]}' });
    expect(result.events.map((e) => e.externalEventId)).toEqual(['interview:NC-IV-0002:cancelled']);
    expect(result.cursor).toBe('{"since":"x","ids":[]}');
    const [query] = await nc.records(`api=queryCancelledInterviews&since=${since}`);
    expect(JSON.parse(query.body.args.arg0).candidateIds).toEqual(['NC-CAND-0002']);
  });

  it('fails the poll on a fault, so the hub keeps the old cursor', async () => {
    await nc.control('POST', '/faults', { kind: 'soapFault', operation: 'queryCancelledInterviews', faultcode: 'Server', faultstring: 'boom' });
    expect((await failure(connector().poll(nc.connection(), { scope: 'changes', subjects: [], now: now() }))).kind).toBe('TEMPORARY');
  });
});
