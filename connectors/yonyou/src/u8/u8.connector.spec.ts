import { ConnectorError, OutboundPolicy } from '@hub/connector-sdk';
import { createSandboxApp, type SandboxApp } from '../../../../apps/vendor-sandbox/src/sandbox.app';
import { businessKey } from './u8-record.builder';
import { resolveU8Settings } from './u8-settings';
import { sandboxControl, u8Connection, u8Effect, U8_SEED, type Json } from './u8-test.fixtures';
import { YonyouU8Connector } from './u8.connector';

/** The connector against the U8 simulator over real HTTP; every assertion counts what the simulator received. */
describe('YonyouU8Connector against the U8 simulator', () => {
  let sandbox: SandboxApp;
  const control = (method: string, path: string, body?: unknown) => sandboxControl(sandbox.url, method, path, body);
  const calls = (kind: string): Promise<Json[]> => control('GET', `/_sandbox/yonyou/u8/records?kind=${kind}`);
  const stored = async (code: string): Promise<Json[]> => (await control('GET', '/_sandbox/yonyou/u8/state')).records.filter((r: Json) => r.key === code);
  const codeOf = (effect: ReturnType<typeof u8Effect>) => businessKey(effect, resolveU8Settings({ settings: {} }).businessKey);
  const rejection = async (p: Promise<unknown>): Promise<ConnectorError> => {
    try {
      await p;
    } catch (e) {
      return e as ConnectorError;
    }
    throw new Error('expected the call to fail');
  };

  beforeAll(async () => {
    sandbox = await createSandboxApp({ port: 0, seed: U8_SEED });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => control('POST', '/_sandbox/reset'));

  it('an asynchronous add is followed to its result', async () => {
    await control('POST', '/_sandbox/yonyou/u8/async-plans', { pendingPolls: 2, outcome: 'success' });
    const effect = u8Effect('archiveInterview');
    const receipt = await new YonyouU8Connector().apply(effect, u8Connection(sandbox.url));

    expect(receipt).toMatchObject({ outcome: 'applied', externalRef: codeOf(effect) });
    expect(await calls('result')).toHaveLength(3); // two "still pending" answers, then the result
    const writes = await calls('write');
    expect(writes).toHaveLength(1);
    expect(writes[0].query).toMatchObject({ sync: '0', tradeid: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const [record] = await stored(codeOf(effect));
    expect(record.fields).toMatchObject({ code: codeOf(effect), name: '李雷', interview: effect.event.interview.key, position: '销售经理' });
    const state = await control('GET', '/_sandbox/yonyou/u8/state');
    expect(state.requests).toEqual([expect.objectContaining({ state: 'done', polls: 3 })]);
  });

  it('waits the ping_after U8 gives between result polls when no interval is configured', async () => {
    const waits: number[] = [];
    const connector = new YonyouU8Connector({ sleep: async (ms) => void waits.push(ms) });
    await control('POST', '/_sandbox/yonyou/u8/async-plans', { pendingPolls: 1 });
    await connector.apply(u8Effect('archiveInterview'), u8Connection(sandbox.url, { resultPoll: {} }));
    expect(waits).toEqual([1000, 1000]); // the seed's ping_after is 1 s
  });

  it('still pending after the bounded polls: TEMPORARY and ambiguous; the retry finds the record and does not add it twice', async () => {
    await control('POST', '/_sandbox/yonyou/u8/async-plans', { pendingPolls: 50 });
    const connector = new YonyouU8Connector();
    const conn = u8Connection(sandbox.url, { resultPoll: { intervalMs: 0, maxAttempts: 3 } });
    const effect = u8Effect('candidateStatus');
    const error = await rejection(connector.apply(effect, conn));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.kind).toBe('TEMPORARY');
    expect(error.details.ambiguous).toBe(true);
    expect(await calls('result')).toHaveLength(3);

    const [request] = (await control('GET', '/_sandbox/yonyou/u8/state')).requests;
    await control('POST', `/_sandbox/yonyou/u8/requests/${request.requestid}/complete`);
    const again = await connector.apply(effect, conn);
    expect(again.outcome).toBe('duplicate');
    expect(await calls('write')).toHaveLength(1);
    expect(await stored(codeOf(effect))).toHaveLength(1);
  });

  it('a retry while the first add is still pending adds once more, and U8 refuses the later of the two as a duplicate code', async () => {
    await control('POST', '/_sandbox/yonyou/u8/async-plans', { pendingPolls: 50 });
    const connector = new YonyouU8Connector();
    const effect = u8Effect('archiveInterview');
    await rejection(connector.apply(effect, u8Connection(sandbox.url, { resultPoll: { intervalMs: 0, maxAttempts: 1 } })));
    expect((await connector.apply(effect, u8Connection(sandbox.url))).outcome).toBe('applied');
    const completed = (await control('POST', '/_sandbox/yonyou/u8/requests/complete')).completed;
    expect(completed).toEqual([expect.objectContaining({ state: 'failed', final: expect.objectContaining({ errcode: '20002' }) })]);
    expect(await stored(codeOf(effect))).toHaveLength(1);
  });

  it('refreshes an expired token once and goes on', async () => {
    const connector = new YonyouU8Connector();
    await connector.apply(u8Effect('archiveInterview'), u8Connection(sandbox.url));
    await control('POST', '/_sandbox/yonyou/u8/tokens/expire');
    const receipt = await connector.apply(u8Effect('archiveInterview'), u8Connection(sandbox.url));
    expect(receipt.outcome).toBe('applied');
    expect(await calls('token')).toHaveLength(2);
    const refused = (await calls('query')).filter((r) => r.response.errcode === '30002');
    expect(refused).toHaveLength(1);
  });

  it('refreshes only once: a token refused again is AUTH_EXPIRED', async () => {
    const refusal = { status: 200, body: { errcode: '30002', errmsg: 'token无效或已过期' } };
    await control('POST', '/_sandbox/faults', { method: 'GET', path: '/api/*/get', responses: [refusal], times: 5 });
    const error = await rejection(new YonyouU8Connector().apply(u8Effect('archiveInterview'), u8Connection(sandbox.url)));
    expect(error.kind).toBe('AUTH_EXPIRED');
    expect(await calls('token')).toHaveLength(2);
    expect(await calls('query')).toHaveLength(2);
  });

  it('a failed result is INVALID, certainly not applied, with U8 errmsg', async () => {
    await control('POST', '/_sandbox/yonyou/u8/async-plans', { pendingPolls: 1, outcome: 'fail', errcode: '20009', errmsg: '部门不存在' });
    const effect = u8Effect('archiveInterview');
    const error = await rejection(new YonyouU8Connector().apply(effect, u8Connection(sandbox.url)));
    expect(error.kind).toBe('INVALID');
    expect(error.details).toMatchObject({ vendorCode: '20009', ambiguous: false });
    expect(error.message).toContain('部门不存在');
    expect(await stored(codeOf(effect))).toHaveLength(0);
  });

  it('takes a fresh tradeid for every write and, with writeMode sync, polls nothing', async () => {
    const connector = new YonyouU8Connector();
    const conn = u8Connection(sandbox.url, { writeMode: 'sync' });
    await connector.apply(u8Effect('candidateStatus'), conn);
    await connector.apply(u8Effect('archiveInterview'), conn);
    const issued = (await calls('tradeid')).map((r) => r.response.trade.id);
    const used = (await calls('write')).map((r) => r.query.tradeid);
    expect(used).toEqual(issued);
    expect(new Set(used).size).toBe(2);
    expect((await calls('write')).map((r) => r.query.sync)).toEqual(['1', '1']);
    expect(await calls('result')).toHaveLength(0);
  });

  it('with writeKey bizId sends the code as biz_id, fetches no tradeid, and U8 does not write a repeat', async () => {
    const connector = new YonyouU8Connector();
    const conn = u8Connection(sandbox.url, { writeKey: 'bizId', precheck: false });
    const effect = u8Effect('archiveInterview');
    await connector.apply(effect, conn);
    await connector.apply(effect, conn);
    expect((await calls('write')).map((r) => r.query.biz_id)).toEqual([codeOf(effect), codeOf(effect)]);
    expect(await calls('tradeid')).toHaveLength(0);
    expect(await stored(codeOf(effect))).toHaveLength(1);
  });

  it('maps refused credentials to PERMANENT, and refuses bad configuration before calling U8', async () => {
    const refused = await rejection(new YonyouU8Connector().apply(u8Effect('archiveInterview'), u8Connection(sandbox.url, {}, { appSecret: 'wrong' })));
    expect(refused.kind).toBe('PERMANENT');
    const before = (await calls('write')).length + (await calls('query')).length;
    const typo = u8Connection(sandbox.url, { effects: { archiveInterview: { resource: 'interviewarchive', fields: { name: '{{candidate.nmae}}' } } } });
    expect((await rejection(new YonyouU8Connector().apply(u8Effect('archiveInterview'), typo))).kind).toBe('INVALID');
    expect((await rejection(new YonyouU8Connector().apply(u8Effect('candidateStatus', ''), u8Connection(sandbox.url)))).kind).toBe('INVALID');
    expect((await calls('write')).length + (await calls('query')).length).toBe(before);
  });

  it('follows no result url outside the configured origin', async () => {
    const foreign = { status: 200, body: { errcode: '0', errmsg: '', tradeid: 't', url: 'http://127.0.0.2:9/result?requestid=x', ping_after: 0 } };
    await control('POST', '/_sandbox/faults', { method: 'POST', path: '/api/*/add', responses: [foreign], times: 1 });
    const error = await rejection(new YonyouU8Connector().apply(u8Effect('archiveInterview'), u8Connection(sandbox.url)));
    expect(error).toMatchObject({ kind: 'TEMPORARY', details: { ambiguous: true } });
    expect(error.message).toContain('settings.resultOrigins');
  });

  it('honours the outbound policy: a base URL it forbids is PERMANENT and nothing is sent', async () => {
    const connector = new YonyouU8Connector();
    connector.useOutboundPolicy(new OutboundPolicy({}));
    const error = await rejection(connector.apply(u8Effect('archiveInterview'), u8Connection(sandbox.url)));
    expect(error.kind).toBe('PERMANENT');
    expect(await control('GET', '/_sandbox/yonyou/u8/records')).toEqual([]);
  });
});
