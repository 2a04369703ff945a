import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ConnectorError, OutboundPolicy, type Connection } from '@hub/connector-sdk';
import { resolveSettings, type NcSettings } from './nc-settings';
import { NcSoapClients } from './nc-soap.client';

/**
 * The soap client against the real NC WSDLs of `../shared/vectors/yonyou-nc-wsdl/` (copied to testing/wsdl), served
 * by a plain HTTP server that also answers their operations the way uapws does.
 */
const VECTORS = join(__dirname, 'testing/wsdl');
const SAP_BILL = 'nc.itf.ztwzj.sapitf.IWS_NC_SAPBill';
const LOOPBACK = new OutboundPolicy({ allow: ['127.0.0.1'] });

interface Received {
  method: string;
  path: string;
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];
/** Calls to this service are never answered (a hung NC); its WSDL is IWS_NC_SAPBill's. */
const HANG = '/uapws/service/nc.itf.Hang';

function answer(body: string): string {
  const op = /<(?:\w+:)?Body[^>]*>\s*<(?:(\w+):)?(\w+)/.exec(body);
  const unescape = (t: string) => t.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const args = [...body.matchAll(/<(arg\d+)>([^<]*)<\/arg\d+>/g)].map((m) => `${m[1]}=${unescape(m[2])}`);
  const ret = JSON.stringify({ success: true, code: '0', message: `${op?.[2]} ${args.join('&')}` }).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns1:${op?.[2]}Response xmlns:ns1="urn:x"><return>${ret}</return></ns1:${op?.[2]}Response></soap:Body></soap:Envelope>`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', path, body });
      if (path === HANG && req.method === 'POST') return;
      const name = path === HANG ? 'IWS_NC_SAPBill' : path.slice(path.lastIndexOf('.') + 1);
      const file = join(VECTORS, `${name}.wsdl`);
      let wsdl: Buffer | undefined;
      try {
        wsdl = path.startsWith('/uapws/service/') ? readFileSync(file) : undefined;
      } catch {
        wsdl = undefined;
      }
      if (!wsdl) return res.writeHead(404, { 'content-type': 'text/plain' }).end(`no ${path}`);
      if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'text/xml' }).end(wsdl);
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(answer(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function conn(): Connection {
  return { tenantId: 't', id: 'nc', connector: 'yonyou-nc', credentials: {}, settings: { baseUrl: base, operations: {} } };
}

function settings(overrides: Partial<NcSettings> = {}): NcSettings {
  return { ...resolveSettings({ settings: { baseUrl: base, operations: {} } }), ...overrides };
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const since = () => received.length;

describe('nc soap client with real NC WSDLs', () => {
  it.each([
    [SAP_BILL, 'setRecvBillSHFlag', { arg0: '{"billno":"B1"}' }],
    ['nc.itf.ztwzj.sapitf.IWS_NC_SAPVoucherQueryService', 'qryVoucherBillInfo', { arg0: '{}' }],
    ['nc.itf.ztwzj.mdmitf.IWS_NC_mdcsRecPushService', 'recvPushMdcsInfo', { arg0: 'a', arg1: 'b' }],
  ])('calls %s.%s at the URL its WSDL came from (not its soap:address localhost:9090)', async (iface, operation, args) => {
    const from = since();
    const ret = await new NcSoapClients(LOOPBACK).call(conn(), settings(), iface, operation, args);
    expect(JSON.parse(ret as string).message).toBe(`${operation} ${Object.entries(args).map(([k, v]) => `${k}=${v}`).join('&')}`);
    const calls = received.slice(from);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET /uapws/service/${iface}`, `POST /uapws/service/${iface}`]);
    expect(calls[1].body).toContain(`<tns:${operation}>`);
  });

  it('fetches a WSDL once per connection and interface, and again after a failed creation', async () => {
    const clients = new NcSoapClients(LOOPBACK);
    const from = since();
    await clients.call(conn(), settings(), SAP_BILL, 'qryRecvBillInfo', { arg0: '1' });
    await clients.call(conn(), settings(), SAP_BILL, 'qryBankReceiptInfo', { arg0: '2' });
    await clients.call({ ...conn(), id: 'other' }, settings(), SAP_BILL, 'qryRecvBillInfo', { arg0: '3' });
    expect(received.slice(from).filter((c) => c.method === 'GET')).toHaveLength(2);
    const missing = since();
    expect((await failure(clients.call(conn(), settings(), 'nc.itf.NotPublished', 'x', { arg0: '' }))).kind).toBe('PERMANENT');
    await failure(clients.call(conn(), settings(), 'nc.itf.NotPublished', 'x', { arg0: '' }));
    expect(received.slice(missing).filter((c) => c.method === 'GET')).toHaveLength(2);
  });

  it('reports an unresolvable schema import clearly (IMsgCGAG000001 imports an NC module path that is not there)', async () => {
    const e = await failure(new NcSoapClients(LOOPBACK).call(conn(), settings(), 'nc.wsitf.pu.m20.IMsgCGAG000001', 'receiveMsgCGAG000001', { arg0: '' }));
    expect(e.kind).toBe('PERMANENT');
    expect(e.message).toBe(
      `WSDL ${base}/uapws/service/nc.wsitf.pu.m20.IMsgCGAG000001?wsdl imports ${base}/nc/vo/pu/m20/ws/entity/MsgCGAG000001Head.xsd, which answered HTTP 404: the WSDL must be self-contained or its imports reachable from the hub`,
    );
  });

  it('refuses an operation the WSDL does not have, naming the ones it has', async () => {
    const e = await failure(new NcSoapClients(LOOPBACK).call(conn(), settings(), SAP_BILL, 'deleteEverything', { arg0: '' }));
    expect(e.kind).toBe('PERMANENT');
    expect(e.message).toContain('it has: qryRecvBillInfo, setRecvBillSHFlag, qryBankReceiptInfo');
  });

  it('times out a hung NC as TEMPORARY and ambiguous', async () => {
    const clients = new NcSoapClients(LOOPBACK);
    // The WSDL comes from a live service; the endpoint is then pointed at a path that never answers.
    const e = await failure(clients.call(conn(), settings({ timeoutMs: 300 }), 'nc.itf.Hang', 'qryRecvBillInfo', { arg0: '' }));
    expect(e).toMatchObject({ kind: 'TEMPORARY', details: { ambiguous: true } });
    expect(e.message).toContain('no answer within 300ms');
  });
});

describe('nc soap client and the outbound policy', () => {
  it('connects only where the policy permits: loopback is refused until allowed, and nothing is sent', async () => {
    const from = since();
    const e = await failure(new NcSoapClients().call(conn(), settings(), SAP_BILL, 'qryRecvBillInfo', { arg0: '' }));
    expect(e.kind).toBe('PERMANENT');
    expect(e.message).toContain("outbound policy");
    expect(received.slice(from)).toEqual([]);
    const clients = new NcSoapClients();
    clients.usePolicy(LOOPBACK);
    await expect(clients.call(conn(), settings(), SAP_BILL, 'qryRecvBillInfo', { arg0: '' })).resolves.toBeDefined();
  });

  it('resolves names through the policy\'s agents and ignores proxy environment variables', async () => {
    const port = (server.address() as AddressInfo).port;
    const policy = new OutboundPolicy({ allow: ['127.0.0.1'], resolve: async (host) => (host === 'nc.corp.example' ? [{ address: '127.0.0.1', family: 4 }] : []) });
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    try {
      const named = { ...conn(), settings: { baseUrl: `http://nc.corp.example:${port}`, operations: {} } };
      const ret = await new NcSoapClients(policy).call(named, resolveSettings(named), SAP_BILL, 'qryRecvBillInfo', { arg0: 'x' });
      expect(JSON.parse(ret as string).success).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
  });
});
