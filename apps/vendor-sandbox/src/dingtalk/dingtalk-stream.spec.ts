import { DWClient, EventAck, type DWClientDownStream, type EventAckData } from 'dingtalk-stream';
import WebSocket from 'ws';
import type { SandboxRecord } from '../common/record-store.service';
import { createSandboxApp, type SandboxApp } from '../sandbox.app';
import type { SandboxSeed } from '../sandbox-options';
import { checkApp, resolveSettings } from './dingtalk-seed';
import { ackStatusOf, eventFrame } from './dingtalk-stream-frames';
import type { StreamEventView } from './dingtalk-stream-delivery.service';

const STREAM_SETTINGS = { pingIntervalMs: 150, redeliveryDelayMs: 300, laterRedeliveryDelayMs: 250, disconnectGraceMs: 50 };

const seed: SandboxSeed = {
  dingtalk: {
    apps: [{ corpId: 'corp-s', appKey: 'key-s', appSecret: 'secret-s', agentId: '30001', stream: { enabled: true } }],
    settings: { stream: STREAM_SETTINGS },
    jobs: [{ jobId: 'job-1', name: '销售经理' }],
    candidates: [{ candidateId: 'cand-1', name: '张伟', phone: '13800138001' }],
    interviews: [1, 2, 3, 4].map((n) => ({
      interviewId: `iv-${n}`,
      candidateId: 'cand-1',
      jobId: 'job-1',
      startTimeMillis: Date.UTC(2030, 0, 10 + n, 2, 0),
      creatorUserId: 'hr-1',
      interviewers: ['mgr-1'],
    })),
  },
};

/** DingTalk's own client; only the gateway URL (a constant in the SDK) is pointed at the sandbox. */
class SandboxStreamClient extends DWClient {
  readonly frames: DWClientDownStream[] = [];
  /** How many coming events to leave unanswered, as a client that died mid-event would. */
  ignoreEvents = 0;

  constructor(private readonly gatewayUrl: string) {
    super({ clientId: 'key-s', clientSecret: 'secret-s', ua: 'sandbox-spec' });
  }

  override async getEndpoint(): Promise<this> {
    const { clientId, clientSecret, ua, subscriptions } = this.config;
    const response = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ clientId, clientSecret, ua, subscriptions }),
    });
    const { endpoint, ticket } = (await response.json()) as { endpoint: string; ticket: string };
    Object.assign(this, { dw_url: `${endpoint}?ticket=${ticket}` });
    return this;
  }

  override onDownStream(data: string): void {
    this.frames.push(JSON.parse(String(data)) as DWClientDownStream);
    super.onDownStream(data);
  }

  override onEvent(message: DWClientDownStream): void {
    if (this.ignoreEvents > 0) {
      this.ignoreEvents--;
      return;
    }
    super.onEvent(message);
  }
}

describe('DingTalk simulator (Stream mode)', () => {
  let sandbox: SandboxApp;
  let client: SandboxStreamClient;
  let answer: (frame: DWClientDownStream) => EventAckData = () => ({ status: EventAck.SUCCESS });

  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await response.json()) as T;
  };
  const streamRecords = (): Promise<SandboxRecord[]> => control('GET', '/_sandbox/dingtalk/records?kind=stream');
  const streamState = (): Promise<{ connections: Array<{ connectionId: string; closing: boolean }>; events: StreamEventView[]; pending: StreamEventView[] }> =>
    control('GET', '/_sandbox/dingtalk/stream');
  const cancel = (id: string): Promise<{ event: { eventId: string; EventTime: number }; streams: Array<{ appKey: string; sent: boolean; deliveries: number }>; pushes: unknown[] }> =>
    control('POST', `/_sandbox/dingtalk/interviews/${id}/cancel`, {});
  const acksOf = async (eventId: string): Promise<SandboxRecord[]> =>
    (await streamRecords()).filter((r) => r.api === 'ack' && r.detail?.eventId === eventId);
  const sentEventsOf = async (eventId: string): Promise<SandboxRecord[]> =>
    (await streamRecords()).filter((r) => r.api === 'ats_job_deliver_change' && r.detail?.eventId === eventId);

  beforeAll(async () => {
    jest.spyOn(console, 'info').mockImplementation(() => undefined); // the SDK logs every connect
    sandbox = await createSandboxApp({ port: 0, seed });
    client = new SandboxStreamClient(`${sandbox.url}/v1.0/gateway/connections/open`);
    client.registerAllEventListener((frame) => answer(frame));
    await client.connect();
    await waitFor(() => client.registered);
  });

  afterAll(async () => {
    client?.disconnect();
    await sandbox?.close();
    jest.restoreAllMocks();
  });

  it('opens with the SDK: CONNECTED and REGISTERED, then SYSTEM pings the client echoes', async () => {
    expect(client.frames.slice(0, 2).map((f) => [f.type, f.headers.topic])).toEqual([
      ['SYSTEM', 'CONNECTED'],
      ['SYSTEM', 'REGISTERED'],
    ]);
    const open = (await control<SandboxRecord[]>('GET', '/_sandbox/dingtalk/records?api=OpenConnection'))[0];
    expect(open).toMatchObject({ kind: 'stream', status: 200, outcome: 'ok', detail: { appKey: 'key-s' } });
    expect(open.body).toMatchObject({ clientId: 'key-s', ua: 'sandbox-spec', subscriptions: [{ type: 'EVENT', topic: '*' }] });
    const pong = await waitFor(async () => (await streamRecords()).find((r) => r.api === 'pong'));
    expect(pong.outcome).toBe('ok');
    const ping = client.frames.find((f) => f.headers.topic === 'ping') as DWClientDownStream;
    expect(JSON.parse(ping.data)).toEqual({ opaque: expect.any(String) });
  });

  it('pushes a cancellation with the documented headers; a SUCCESS ack is recorded and never redelivered', async () => {
    const { event, streams, pushes } = await cancel('iv-1');
    expect(pushes).toEqual([]); // a Stream-mode app gets no HTTP push
    expect(streams).toEqual([{ appKey: 'key-s', eventId: event.eventId, deliveries: 1, sent: true }]);
    const frame = await waitFor(() => client.frames.find((f) => f.type === 'EVENT' && f.headers.eventId === event.eventId));
    const [connection] = (await streamState()).connections;
    expect(frame).toEqual({
      specVersion: '1.0',
      type: 'EVENT',
      headers: {
        appId: expect.any(String),
        connectionId: connection.connectionId,
        contentType: 'application/json',
        messageId: expect.any(String),
        time: expect.stringMatching(/^\d{13}$/),
        topic: '*',
        eventType: 'ats_job_deliver_change',
        eventId: event.eventId,
        eventCorpId: 'corp-s',
        eventBornTime: String(event.EventTime),
        eventUnifiedAppId: frame.headers.appId,
      },
      data: '{}',
    });

    const [ack] = await waitFor(async () => {
      const acks = await acksOf(event.eventId);
      return acks.length > 0 ? acks : undefined;
    });
    expect(ack).toMatchObject({ outcome: 'SUCCESS', detail: { messageId: frame.headers.messageId, deliveries: 1 } });
    expect(ack.body).toEqual({ code: 200, headers: { contentType: 'application/json', messageId: frame.headers.messageId }, message: 'OK', data: '{"status":"SUCCESS"}' });
    // Nothing is queued for redelivery; and a ping the simulator sent after the redelivery delay finds the count unchanged.
    expect((await streamState()).pending).toEqual([]);
    await waitFor(async () => (await streamRecords()).find((r) => r.api === 'ping' && r.at > ack.at + STREAM_SETTINGS.redeliveryDelayMs));
    expect((await streamState()).events.find((e) => e.eventId === event.eventId)).toMatchObject({ deliveries: 1, acked: true, lastAck: 'SUCCESS' });
    expect(await sentEventsOf(event.eventId)).toHaveLength(1);
  });

  it('redelivers an event acked LATER until it is acked SUCCESS', async () => {
    const seen = new Map<string, number>();
    answer = (frame) => {
      const times = (seen.get(frame.headers.eventId as string) ?? 0) + 1;
      seen.set(frame.headers.eventId as string, times);
      return { status: times === 1 ? EventAck.LATER : EventAck.SUCCESS };
    };
    const { event } = await cancel('iv-2');
    await waitFor(async () => (await acksOf(event.eventId)).find((r) => r.outcome === 'SUCCESS'));
    expect((await acksOf(event.eventId)).map((r) => r.outcome)).toEqual(['LATER', 'SUCCESS']);
    expect((await sentEventsOf(event.eventId)).map((r) => r.detail?.delivery)).toEqual([1, 2]);
    expect((await streamState()).pending).toEqual([]);
    answer = () => ({ status: EventAck.SUCCESS });
  });

  it('redelivers an event the client never acked', async () => {
    client.ignoreEvents = 1;
    const { event } = await cancel('iv-3');
    const success = await waitFor(async () => (await acksOf(event.eventId)).find((r) => r.outcome === 'SUCCESS'));
    expect(success.detail?.deliveries).toBe(2);
    expect(await acksOf(event.eventId)).toHaveLength(1);
    const sent = await sentEventsOf(event.eventId);
    expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(STREAM_SETTINGS.redeliveryDelayMs - 5);
    expect((await streamState()).pending).toEqual([]);
  });

  it('a forced disconnect makes the client reconnect; an event pushed meanwhile arrives on the new connection', async () => {
    const before = (await streamState()).connections.map((c) => c.connectionId);
    const { connectionIds } = await control<{ connectionIds: string[] }>('POST', '/_sandbox/dingtalk/stream/disconnect', { appKey: 'key-s' });
    expect(connectionIds).toEqual(before);
    await waitFor(() => client.frames.find((f) => f.headers.topic === 'disconnect'));

    const { event, streams } = await cancel('iv-4');
    expect(streams).toEqual([{ appKey: 'key-s', eventId: event.eventId, deliveries: 0, sent: false }]);
    const success = await waitFor(async () => (await acksOf(event.eventId)).find((r) => r.outcome === 'SUCCESS'));
    const { connections, pending } = await streamState();
    expect(connections).toHaveLength(1);
    expect(before).not.toContain(connections[0].connectionId);
    expect(success.detail?.connectionId).toBe(connections[0].connectionId);
    expect(pending).toEqual([]);
  });

  it('refuses wrong credentials, and a ticket used twice', async () => {
    const open = (secret: string): Promise<Response> =>
      fetch(`${sandbox.url}/v1.0/gateway/connections/open`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'key-s', clientSecret: secret, subscriptions: [{ type: 'EVENT', topic: '*' }] }),
      });
    const refused = await open('wrong');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'invalidClientIdOrSecret', requestid: expect.any(String) });

    const { endpoint, ticket } = (await (await open('secret-s')).json()) as { endpoint: string; ticket: string };
    expect(endpoint).toBe(`${sandbox.url.replace('http', 'ws')}/connect`);
    const first = await handshake(`${endpoint}?ticket=${ticket}`);
    expect(first).toBe('open');
    expect(await handshake(`${endpoint}?ticket=${ticket}`)).toBe('HTTP 401');
  });
});

describe('Stream frames', () => {
  const to = { appId: 'unified-1', connectionId: 'conn-1', messageId: 'msg-1', now: 1_700_000_000_000 };

  it('fit the SDK type and carry the event envelope as headers, the rest as data', () => {
    const frame: DWClientDownStream = eventFrame(
      { EventType: 'ats_job_deliver_change', EventTime: 1_690_000_000_000, CorpId: 'corp-1', BizId: 'b-1', eventId: 'e-1' },
      to,
    );
    expect(frame.headers).toMatchObject({ eventBornTime: '1690000000000', eventCorpId: 'corp-1', eventUnifiedAppId: 'unified-1', time: '1700000000000' });
    expect(frame.data).toBe('{}');
  });

  it('come from a validated app config and seed settings merged over the defaults', () => {
    const app = { corpId: 'c', appKey: 'k', appSecret: 's', agentId: '1' };
    expect(() => checkApp({ ...app, stream: { enabled: 'yes' } as never }, 0)).toThrow('dingtalk app 0: stream must be');
    expect(checkApp({ ...app, stream: { enabled: true } }, 0).stream).toEqual({ enabled: true });
    expect(resolveSettings({ settings: { stream: { pingIntervalMs: 5 } } }).stream).toEqual({
      ticketTtlMs: 90_000,
      pingIntervalMs: 5,
      redeliveryDelayMs: 60_000,
      laterRedeliveryDelayMs: 60_000,
      disconnectGraceMs: 10_000,
    });
  });

  it('read an ack only from code 200 and data.status', () => {
    const headers = { messageId: 'm' };
    expect(ackStatusOf({ code: 200, headers, data: '{"status":"LATER"}' })).toBe('LATER');
    expect(ackStatusOf({ code: 500, headers, data: '{"status":"SUCCESS"}' })).toEqual({ invalid: 'code 500' });
    expect(ackStatusOf({ code: 200, headers, data: '{"status":"OK"}' })).toEqual({ invalid: 'status "OK"' });
  });
});

/** Polls until `probe` gives a value (no fixed sleeps: every wait ends on something the simulator did). */
async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `open`, or the HTTP status the server refused the WebSocket handshake with. */
function handshake(url: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`));
    socket.on('error', () => undefined);
  });
}
