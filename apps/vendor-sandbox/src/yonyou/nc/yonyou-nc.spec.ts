import { join } from 'node:path';
import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import { loadSeedFile } from '../../sandbox-options';
import { NC_DEMO_INTERFACE } from './yonyou-nc.types';

/** The NC simulator over real HTTP: raw SOAP envelopes as an NC caller writes them (a public caller's hand-built XML). */
const seed = loadSeedFile(join(__dirname, '../../../seed/yonyou-nc.example.json'));
const security = seed.yonyou!.nc!.security!;
const endpoint = `/uapws/service/${NC_DEMO_INTERFACE}`;
const NS = 'http://recruit.hr.itf.nc/IInterviewSyncService';
let sandbox: SandboxApp;
/** Records are shared by the whole sandbox; each test reads those after the last one before it started. */
let since = 0;

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function envelope(operation: string, args: Record<string, string>, creds: { username: string; password: string } | null = security): string {
  const header = creds
    ? '<soapenv:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken>' +
      `<wsse:Username>${creds.username}</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">${xmlEscape(creds.password)}</wsse:Password>` +
      '</wsse:UsernameToken></wsse:Security></soapenv:Header>'
    : '';
  const body = Object.entries(args)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('');
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${NS}">${header}<soapenv:Body><ns:${operation}>${body}</ns:${operation}></soapenv:Body></soapenv:Envelope>`;
}

async function soapCall(operation: string, args: Record<string, string>, creds?: { username: string; password: string }): Promise<{ status: number; xml: string; json?: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.url}${endpoint}`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body: envelope(operation, args, creds) });
  const xml = await res.text();
  const ret = /<return>([\s\S]*?)<\/return>/.exec(xml)?.[1];
  const text = ret?.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return { status: res.status, xml, json: text ? JSON.parse(text) : undefined };
}

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const init = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${sandbox.url}/_sandbox/yonyou/nc${path}`, init);
  expect(res.status).toBeLessThan(300);
  return res.json();
}

const payload = (n: string) => JSON.stringify({ effect: 'candidateStatus', candidate: { externalId: `NC-CAND-${n}` }, interview: { key: `k-${n}` }, status: '7' });

beforeAll(async () => {
  sandbox = await createSandboxApp({ port: 0, seed });
});
afterAll(() => sandbox?.close());
beforeEach(async () => {
  await control('POST', '/reset');
  const all: { seq: number }[] = await control('GET', '/records');
  since = all.length ? all[all.length - 1].seq : 0;
});

describe('yonyou-nc simulator: mounted on the sandbox server', () => {
  it('leaves the other routes to Fastify: health, a DingTalk API (recorded by the traffic gate), unknown paths', async () => {
    const health = await fetch(`${sandbox.url}/_sandbox/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { vendors: string[] }).vendors).toContain('yonyou-nc');
    const token = await fetch(`${sandbox.url}/v1.0/oauth2/accessToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appKey: 'nobody', appSecret: 'x' }) });
    expect(token.status).toBe(400);
    expect(((await token.json()) as { code: string }).code).toBe('invalidClientIdOrSecret');
    const records = (await (await fetch(`${sandbox.url}/_sandbox/dingtalk/records`)).json()) as { path: string }[];
    expect(records.some((r) => r.path === '/v1.0/oauth2/accessToken')).toBe(true);
    expect((await fetch(`${sandbox.url}/uapws/service/nc.itf.Unknown?wsdl`)).status).toBe(404);
    const unknown = await fetch(`${sandbox.url}/uapws/service/nc.itf.Unknown`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: envelope('x', {}) });
    expect(unknown.status).toBe(404);
  });

  it('serves the WSDL at /uapws/service/<FQN>?wsdl, CXF-style like the real NC WSDLs', async () => {
    const res = await fetch(`${sandbox.url}${endpoint}?wsdl`);
    expect(res.status).toBe(200);
    const wsdl = await res.text();
    expect(wsdl).toContain(`targetNamespace="${NS}"`);
    for (const op of ['syncInterviewCancel', 'archiveInterview', 'tagCandidate', 'queryCancelledInterviews']) expect(wsdl).toContain(`<wsdl:operation name="${op}">`);
    expect(wsdl).toContain('<xsd:element minOccurs="0" name="return" type="xsd:string"/>');
    expect(wsdl).toContain(`<soap:address location="http://localhost/uapws/service/${NC_DEMO_INTERFACE}"/>`);
    const records = await control('GET', `/records?kind=wsdl&since=${since}`);
    expect(records.length).toBeGreaterThan(0);
  });
});

describe('yonyou-nc simulator: writes', () => {
  it('applies a write once per idempotency key and answers a repeat like the first call', async () => {
    const first = await soapCall('syncInterviewCancel', { arg0: payload('A'), arg1: 'key-1' });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ success: true, code: '0', data: { id: expect.any(String) } });
    expect(first.xml).toContain('<ns0:Urc xmlns:ns0="http://ws.uap.nc/lang"><ns0:datasource>nc65</ns0:datasource>');
    const again = await soapCall('syncInterviewCancel', { arg0: payload('A'), arg1: 'key-1' });
    expect(again.json).toEqual(first.json);
    await soapCall('syncInterviewCancel', { arg0: payload('A'), arg1: 'key-2' });
    // The same key on another operation is another write.
    await soapCall('archiveInterview', { arg0: JSON.stringify({ candidate: { externalId: 'NC-CAND-A' }, note: '面试已取消' }), arg1: 'key-1' });
    const state = await control('GET', '/state');
    expect(state.writes.map((w: { operation: string; idempotencyKey: string }) => `${w.operation}|${w.idempotencyKey}`).sort()).toEqual([
      'archiveInterview|key-1',
      'syncInterviewCancel|key-1',
      'syncInterviewCancel|key-2',
    ]);
    expect(state.repeats).toBe(1);
    expect(state.writes[0].data).toMatchObject({ candidate: { externalId: 'NC-CAND-A' }, status: '7' });
    const records = await control('GET', `/records?api=syncInterviewCancel&since=${since}`);
    expect(records.map((r: { outcome: string }) => r.outcome)).toEqual(['ok', 'duplicate', 'ok']);
    expect(records[0].body).toMatchObject({ args: { arg1: 'key-1' }, username: security.username });
  });

  it('refuses, in <return>, a payload that is not JSON, lacks what the operation writes, or has no idempotency key; nothing is applied', async () => {
    expect((await soapCall('syncInterviewCancel', { arg0: '{not json', arg1: 'k' })).json).toMatchObject({ success: false, code: '400' });
    expect((await soapCall('syncInterviewCancel', { arg0: JSON.stringify({ candidate: { externalId: 'x' } }), arg1: 'k' })).json).toMatchObject({ success: false, message: 'status 不能为空' });
    expect((await soapCall('tagCandidate', { arg0: JSON.stringify({ candidate: { phone: '138' }, tags: [] }), arg1: 'k' })).json).toMatchObject({ success: false, message: 'tags 不能为空' });
    expect((await soapCall('syncInterviewCancel', { arg0: payload('B') })).json).toMatchObject({ success: false, code: '400' });
    expect((await control('GET', '/state')).writes).toEqual([]);
  });

  it('refuses a wrong or missing WS-Security UsernameToken with a wsse:FailedAuthentication fault', async () => {
    for (const creds of [{ username: security.username, password: 'wrong' }, null]) {
      const res = await fetch(`${sandbox.url}${endpoint}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: envelope('syncInterviewCancel', { arg0: payload('C'), arg1: 'k-auth' }, creds) });
      expect(res.status).toBe(500);
      const xml = await res.text();
      expect(xml).toContain('<faultcode>wsse:FailedAuthentication</faultcode>');
    }
    expect((await control('GET', '/state')).writes).toEqual([]);
    expect((await control('GET', `/records?api=syncInterviewCancel&since=${since}`)).map((r: { outcome: string }) => r.outcome)).toEqual(['soap_fault', 'soap_fault']);
  });
});

describe('yonyou-nc simulator: query', () => {
  it('returns the seeded cancelled interviews changed since a time, filtered by candidate, one page at a time', async () => {
    const all = await soapCall('queryCancelledInterviews', { arg0: JSON.stringify({ pageNo: 1, pageSize: 1 }) });
    expect(all.json).toMatchObject({ success: true, data: { total: 2, pageNo: 1, pageSize: 1, list: [{ pk_interview: 'NC-IV-0001' }] } });
    const second = await soapCall('queryCancelledInterviews', { arg0: JSON.stringify({ pageNo: 2, pageSize: 1 }) });
    expect((second.json!.data as { list: { pk_interview: string }[] }).list.map((r) => r.pk_interview)).toEqual(['NC-IV-0002']);
    const added = await control('POST', '/cancelled-interviews', { pk_candidate: 'NC-CAND-0009', ts: '2099-01-01 00:00:00' });
    const since = await soapCall('queryCancelledInterviews', { arg0: JSON.stringify({ since: '2099-01-01 00:00:00' }) });
    expect((since.json!.data as { list: unknown[] }).list).toEqual([added]);
    const byCandidate = await soapCall('queryCancelledInterviews', { arg0: JSON.stringify({ candidateIds: ['NC-CAND-0002'] }) });
    expect((byCandidate.json!.data as { list: { pk_candidate: string }[] }).list.map((r) => r.pk_candidate)).toEqual(['NC-CAND-0002']);
    expect((await soapCall('queryCancelledInterviews', { arg0: JSON.stringify({ pageSize: 0 }) })).json).toMatchObject({ success: false, code: '400' });
  });
});

describe('yonyou-nc simulator: faults on demand', () => {
  it('answers a SOAP Client or Server fault for the named operation only, then the normal answer', async () => {
    await control('POST', '/faults', { kind: 'soapFault', operation: 'syncInterviewCancel', faultcode: 'Client', faultstring: 'NO_PART_FOUND' });
    const query = await soapCall('queryCancelledInterviews', { arg0: '{}' });
    expect(query.status).toBe(200);
    const faulted = await soapCall('syncInterviewCancel', { arg0: payload('D'), arg1: 'k-d' });
    expect(faulted.status).toBe(500);
    expect(faulted.xml).toContain('<soap:Fault><faultcode>soap:Client</faultcode><faultstring>NO_PART_FOUND</faultstring></soap:Fault>');
    expect((await soapCall('syncInterviewCancel', { arg0: payload('D'), arg1: 'k-d' })).json).toMatchObject({ success: true });
    await control('POST', '/faults', { kind: 'soapFault', faultcode: 'Server', faultstring: 'nc.vo.pub.BusinessException: 单据已被他人修改' });
    expect((await soapCall('tagCandidate', { arg0: '{}', arg1: 'x' })).xml).toContain('<faultcode>soap:Server</faultcode>');
    expect((await control('GET', '/state')).writes).toHaveLength(1);
  });

  it('answers an HTTP page instead of SOAP (a gateway 500 or 429), through its own list and the shared /_sandbox/faults', async () => {
    await control('POST', '/faults', { kind: 'http', status: 429, body: 'Too Many Requests', headers: { 'retry-after': '3' } });
    const throttled = await fetch(`${sandbox.url}${endpoint}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: envelope('syncInterviewCancel', { arg0: payload('E'), arg1: 'k-e' }) });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    const shared = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'POST', path: endpoint, responses: [{ status: 500, body: '<html>Internal Server Error</html>' }] }) });
    expect(shared.status).toBe(200);
    expect((await soapCall('syncInterviewCancel', { arg0: payload('E'), arg1: 'k-e' })).status).toBe(500);
    expect((await control('GET', '/state')).writes).toEqual([]);
    expect((await control('GET', `/records?api=syncInterviewCancel&since=${since}`)).map((r: { outcome: string }) => r.outcome)).toEqual(['fault', 'fault']);
  });

  it('applies the call but closes the connection instead of answering (loseAnswer), and answers late (slow)', async () => {
    await control('POST', '/faults', { kind: 'loseAnswer', operation: 'archiveInterview' });
    await expect(soapCall('archiveInterview', { arg0: JSON.stringify({ candidate: { externalId: 'NC-CAND-F' }, note: '面试已取消' }), arg1: 'k-f' })).rejects.toThrow();
    const lost = (await control('GET', `/records?api=archiveInterview&since=${since}`))[0];
    expect(lost.outcome).toBe('answer_lost');
    expect((await control('GET', '/state')).writes.map((w: { idempotencyKey: string }) => w.idempotencyKey)).toEqual(['k-f']);
    await control('POST', '/faults', { kind: 'slow', delayMs: 20 });
    expect((await soapCall('archiveInterview', { arg0: JSON.stringify({ candidate: { externalId: 'NC-CAND-F' }, note: '面试已取消' }), arg1: 'k-f' })).json).toMatchObject({ success: true });
    expect((await control('GET', '/state')).repeats).toBe(1);
  });

  it('refuses a fault it cannot play', async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/yonyou/nc/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'explode' }) });
    expect(res.status).toBe(400);
  });
});

describe('yonyou-nc simulator: reset', () => {
  it('goes back to the seed: writes, added interviews and faults are gone', async () => {
    await soapCall('syncInterviewCancel', { arg0: payload('G'), arg1: 'k-g' });
    await control('POST', '/cancelled-interviews', { pk_candidate: 'NC-CAND-0010' });
    await control('POST', '/faults', { kind: 'soapFault', times: 5 });
    await control('POST', '/reset');
    const state = await control('GET', '/state');
    expect(state.writes).toEqual([]);
    expect(state.faults).toEqual([]);
    expect(state.cancelledInterviews.map((r: { pk_interview: string }) => r.pk_interview)).toEqual(['NC-IV-0001', 'NC-IV-0002']);
  });
});
