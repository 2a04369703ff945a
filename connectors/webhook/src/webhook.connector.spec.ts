import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkConnectorDeclaration,
  ConnectorError,
  OutboundPolicy,
  registeredConnectorClasses,
  type Connection,
  type Effect,
} from '@hub/connector-sdk';
import type { CancellationEvent } from '@hub/schema';
import { generateWebhookSecret, verifySignature } from './standard-webhooks.signer';
import { WebhookConnector, type WebhookDeliveryPayload } from './webhook.connector';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const EVENT: CancellationEvent = {
  schemaVersion: 1,
  id: '01HX0000000000000000000000',
  tenantId: 'acme',
  source: { system: 'dingtalk', connectionId: 'dingtalk-main', externalEventId: 'evt-1', mode: 'webhook', receivedAt: '2024-05-01T08:00:00+08:00' },
  occurredAt: '2024-05-01T07:59:58+08:00',
  interview: {
    key: 'iv-1',
    externalIds: { 'dingtalk-main': 'iv-1' },
    kind: 'ai_cloud',
    position: { title: '销售经理' },
    interviewers: [],
  },
  candidate: { externalIds: { 'dingtalk-main': 'c-1' }, name: '张三' },
  cancellation: { reason: { code: 'candidate_withdrew', detail: 'time_conflict', sourceValue: '时间冲突' }, initiatedBy: { type: 'candidate' } },
  statusBefore: 'scheduled',
  statusAfter: 'cancelled',
};

const NOW = new Date('2024-05-01T00:00:05.123Z');
const SECRET = generateWebhookSecret();

describe('WebhookConnector', () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        received.push({ method: req.method ?? '', path, headers: req.headers, body: Buffer.concat(chunks) });
        if (path.startsWith('/ok')) res.writeHead(200, { 'x-request-id': 'req-42' }).end('ok');
        else if (path === '/fail') res.writeHead(500).end('database down');
        else if (path === '/busy') res.writeHead(429, { 'retry-after': '7' }).end();
        else if (path === '/gone') res.writeHead(410).end();
        else if (path === '/denied') res.writeHead(401).end('bad signature');
        else if (path === '/dup') res.writeHead(409).end('{"error":"duplicate delivery"}');
        else if (path === '/moved') res.writeHead(302, { location: `${base}/ok-elsewhere` }).end();
        else if (path === '/slow') setTimeout(() => res.writeHead(200).end('late'), 1_000);
        else res.writeHead(404).end('no such hook');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
  });

  // The test server listens on loopback, which the hub reaches only when its allow-list says so.
  const outbound = new OutboundPolicy({ allow: ['127.0.0.1'] });
  const connector = new WebhookConnector({ now: () => NOW, outbound });

  function conn(path: string, settings: Record<string, unknown> = {}): Connection {
    return { tenantId: 'acme', id: 'it-hook', connector: 'webhook', credentials: { secret: SECRET }, settings: { url: `${base}${path}`, ...settings } };
  }

  function effect(idempotencyKey = 'acme:01HX0000000000000000000000:it-hook:deliverEvent'): Effect {
    return { type: 'deliverEvent', idempotencyKey, event: EVENT, params: {} };
  }

  async function failure(path: string, settings?: Record<string, unknown>): Promise<ConnectorError> {
    try {
      await connector.apply(effect(), conn(path, settings));
    } catch (e) {
      if (e instanceof ConnectorError) return e;
      throw e;
    }
    throw new Error(`expected POST ${path} to fail`);
  }

  it('declares itself correctly and registers under "webhook"', () => {
    expect(checkConnectorDeclaration(connector)).toEqual([]);
    expect(registeredConnectorClasses().get('webhook')).toBe(WebhookConnector);
    expect(connector.capabilities).toEqual({ inbound: [], effects: ['deliverEvent'], unsupported: {}, repeat: { deliverEvent: 'keyed' } });
    expect(connector.subscriptions.connectionFor({ url: 'https://x.example/h', eventTypes: ['interview.cancelled'] }, 'whsec_x')).toEqual({
      credentials: { secret: 'whsec_x' },
      settings: { url: 'https://x.example/h', eventTypes: ['interview.cancelled'] },
    });
    expect(connector.credentialFields).toEqual([expect.objectContaining({ name: 'secret', secret: true, required: true })]);
    expect(connector.parse()).toEqual([{ kind: 'ignored', why: 'the webhook connector is outbound only' }]);
  });

  it('POSTs a signed Standard Webhooks delivery and returns the request id', async () => {
    const receipt = await connector.apply(effect(), conn('/ok?token=abc'));
    expect(receipt).toEqual({ outcome: 'applied', externalRef: 'req-42' });

    expect(received).toHaveLength(1);
    const [{ method, path, headers, body }] = received;
    expect(method).toBe('POST');
    expect(path).toBe('/ok?token=abc');
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': 'acme:01HX0000000000000000000000:it-hook:deliverEvent',
      'webhook-timestamp': '1714521605',
      'user-agent': 'HR-Connector-Hub/0.1',
    });
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(headers['content-length']).toBe(String(body.length));

    const payload = JSON.parse(body.toString('utf8')) as WebhookDeliveryPayload;
    expect(payload).toEqual({ type: 'interview.cancelled', timestamp: EVENT.occurredAt, data: EVENT });
    expect(verifySignature({ secret: SECRET, headers, body, now: NOW })).toEqual({
      msgId: 'acme:01HX0000000000000000000000:it-hook:deliverEvent',
      timestamp: 1714521605,
    });
    expect(() => verifySignature({ secret: generateWebhookSecret(), headers, body, now: NOW })).toThrow(/no v1 signature/);
  });

  it('keeps webhook-id stable across retries while re-signing each attempt', async () => {
    let clock = NOW;
    const retrying = new WebhookConnector({ now: () => clock, outbound });
    await retrying.apply(effect(), conn('/ok'));
    clock = new Date(NOW.getTime() + 65_000);
    await retrying.apply(effect(), conn('/ok'));
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([effect().idempotencyKey, effect().idempotencyKey]);
    expect(received.map((r) => r.headers['webhook-timestamp'])).toEqual(['1714521605', '1714521670']);
    expect(() => verifySignature({ secret: SECRET, headers: received[1].headers, body: received[1].body, now: clock })).not.toThrow();
  });

  it('maps 500 to TEMPORARY', async () => {
    const e = await failure('/fail');
    expect(e).toMatchObject({ kind: 'TEMPORARY', details: { httpStatus: 500 } });
    expect(e.message).toBe(`POST ${base}/fail: subscriber answered HTTP 500: database down`);
  });

  it('maps 429 to RATE_LIMITED with Retry-After', async () => {
    expect(await failure('/busy')).toMatchObject({ kind: 'RATE_LIMITED', details: { httpStatus: 429, retryAfterMs: 7_000 } });
  });

  it('maps 410 Gone and 401 to PERMANENT, 404 to INVALID', async () => {
    expect(await failure('/gone')).toMatchObject({ kind: 'PERMANENT', details: { httpStatus: 410 } });
    expect(await failure('/denied')).toMatchObject({ kind: 'PERMANENT', details: { httpStatus: 401 } });
    expect(await failure('/nowhere')).toMatchObject({ kind: 'INVALID', details: { httpStatus: 404 } });
  });

  it('reports a 409 duplicate as a duplicate receipt', async () => {
    expect(await connector.apply(effect(), conn('/dup'))).toMatchObject({ outcome: 'duplicate' });
  });

  it('gives up on a slow subscriber after timeoutMs with TEMPORARY', async () => {
    const started = Date.now();
    const e = await failure('/slow', { timeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(900);
    expect(e.kind).toBe('TEMPORARY');
    expect(e.message).toBe(`POST ${base}/slow timed out after 150ms`);
  });

  it('does not follow redirects', async () => {
    const e = await failure('/moved');
    expect(e).toMatchObject({ kind: 'INVALID', details: { httpStatus: 302 } });
    expect(e.message).toContain(`${base}/ok-elsewhere`);
    expect(received.map((r) => r.path)).toEqual(['/moved']);
  });

  it('maps a refused connection to TEMPORARY by its class only, without the socket error or the query string', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hook`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c: Connection = { ...conn('/'), settings: { url: `${url}?token=secret-ish` } };
    const e = await connector.apply(effect(), c).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e).toMatchObject({ kind: 'TEMPORARY', message: `POST ${url}: the subscriber could not be reached (connection failed)`, details: { ambiguous: false } });
    expect((e as ConnectorError).message).not.toMatch(/ECONNREFUSED|secret-ish/);
  });

  it('sends nothing to an address the outbound policy refuses, naming only that class', async () => {
    const strict = new WebhookConnector({ now: () => NOW });
    const e = await strict.apply(effect(), conn('/ok')).catch((err: unknown) => err);
    expect(e).toMatchObject({ kind: 'PERMANENT', message: `POST ${base}/ok: the address is not allowed by the hub's outbound policy`, details: { ambiguous: false } });
    expect(received).toEqual([]);
  });

  it('refuses at connect time a name that resolves to a refused address (DNS rebinding), before any socket opens', async () => {
    const port = new URL(base).port;
    let lookups = 0;
    const rebinding = new OutboundPolicy({ resolve: async () => (lookups++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]) });
    await expect(rebinding.checkUrl(`http://rebind.example:${port}/ok`)).resolves.toBeInstanceOf(URL);
    const c = new WebhookConnector({ now: () => NOW, outbound: rebinding });
    const e = await c.apply(effect(), conn('/ok', { url: `http://rebind.example:${port}/ok` })).catch((err: unknown) => err);
    expect(e).toMatchObject({ kind: 'PERMANENT', message: expect.stringContaining("not allowed by the hub's outbound policy") });
    expect(lookups).toBe(2);
    expect(received).toEqual([]);
  });

  it('takes the hub policy handed over at boot', async () => {
    const late = new WebhookConnector({ now: () => NOW });
    late.useOutboundPolicy(outbound);
    await expect(late.apply(effect(), conn('/ok'))).resolves.toMatchObject({ outcome: 'applied' });
  });

  it('refuses bad configuration and foreign effects as INVALID before sending', async () => {
    await expect(connector.apply(effect(), conn('/ok', { url: 'ftp://example.com/x' }))).rejects.toMatchObject({ kind: 'INVALID', message: expect.stringContaining('settings.url') });
    await expect(connector.apply(effect(), { ...conn('/ok'), credentials: {} })).rejects.toMatchObject({ kind: 'INVALID', message: expect.stringContaining('credentials.secret') });
    await expect(connector.apply(effect('key.with.dots'), conn('/ok'))).rejects.toMatchObject({ kind: 'INVALID', message: expect.stringContaining('webhook-id') });
    await expect(connector.apply({ ...effect(), type: 'notify' }, conn('/ok'))).rejects.toMatchObject({ kind: 'INVALID' });
    expect(received).toEqual([]);
  });

  it('has nothing to do when the subscription excludes interview.cancelled', async () => {
    const receipt = await connector.apply(effect(), conn('/ok', { eventTypes: ['interview.rescheduled'] }));
    expect(receipt).toEqual({ outcome: 'not_applicable', detail: 'the subscription does not include interview.cancelled' });
    expect(received).toEqual([]);
  });
});
