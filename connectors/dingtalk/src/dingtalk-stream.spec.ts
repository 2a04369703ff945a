import { parseDingTalkEvent } from './dingtalk-event.mapper';
import { resolveSettings } from './dingtalk-settings';
import type { StreamSink, VendorEvent } from '@hub/connector-sdk';
import { openDingTalkStream, streamFrameEvent } from './dingtalk-stream';

const frame = (headers: Record<string, string>, data: string) => ({
  headers: { appId: 'app', connectionId: 'c-1', contentType: 'application/json', messageId: 'm-1', time: '1', topic: '*', ...headers },
  data,
});

describe('streamFrameEvent', () => {
  it('shapes a Stream event like the decrypted HTTP callback, with the same dedup key (eventId)', () => {
    const ev = streamFrameEvent(frame({ eventType: 'ats_job_deliver_change', eventId: 'ev-9', eventCorpId: 'ding-corp', eventBornTime: '1764500000000' }, '{"BizId":"flow-1","candidateId":"cand-7"}'));
    expect(ev).toEqual({ externalEventId: 'ev-9', kind: 'ats_job_deliver_change', mode: 'stream', payload: expect.any(String) });
    expect(JSON.parse(ev.payload)).toEqual({ EventType: 'ats_job_deliver_change', EventTime: 1764500000000, CorpId: 'ding-corp', eventId: 'ev-9', BizId: 'flow-1', candidateId: 'cand-7' });
  });

  it('becomes the same poll hint an HTTP push of it would', () => {
    const ev = streamFrameEvent(frame({ eventType: 'ats_job_deliver_change', eventId: 'ev-9' }, '{"candidateId":"cand-7"}'));
    expect(parseDingTalkEvent(ev, resolveSettings({ settings: {} }))).toEqual([{ kind: 'pollHint', subjects: ['cand-7'] }]);
  });

  it('keeps data that is not a JSON object, and falls back to the message id without an eventId', () => {
    const ev = streamFrameEvent(frame({ eventType: 'ats_job_deliver_change' }, 'not json'));
    expect(ev.externalEventId).toBe('message:m-1');
    expect(JSON.parse(ev.payload)).toMatchObject({ EventType: 'ats_job_deliver_change', data: 'not json' });
  });
});

describe('openDingTalkStream (against a minimal gateway: an HTTP open endpoint and a WebSocket)', () => {
  let server: import('node:http').Server;
  let wss: import('ws').WebSocketServer;
  let base: string;
  const acks: { messageId: string; status: string }[] = [];
  const opened: unknown[] = [];
  let socketReady: Promise<import('ws').WebSocket>;

  beforeEach(async () => {
    const { createServer } = await import('node:http');
    const { WebSocketServer } = await import('ws');
    acks.length = 0;
    opened.length = 0;
    wss = new WebSocketServer({ noServer: true });
    let ready!: (ws: import('ws').WebSocket) => void;
    socketReady = new Promise((r) => (ready = r));
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        opened.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ endpoint: `ws://127.0.0.1:${(server.address() as { port: number }).port}/connect`, ticket: 't-1' }));
      });
    });
    server.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('message', (raw: Buffer) => {
          const reply = JSON.parse(raw.toString()) as { headers: { messageId: string }; data: string };
          acks.push({ messageId: reply.headers.messageId, status: (JSON.parse(reply.data) as { status: string }).status });
        });
        ready(ws);
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterEach(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => server.close(r));
  });

  const eventFrame = (messageId: string) =>
    JSON.stringify({ specVersion: '1.0', type: 'EVENT', headers: { appId: 'a', connectionId: 'c', contentType: 'application/json', messageId, time: '1', topic: '*', eventType: 'ats_job_deliver_change', eventId: 'ev-1', eventCorpId: 'ding-corp', eventBornTime: '1764500000000' }, data: '{}' });

  const waitUntil = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!ok()) throw new Error(`timed out waiting for ${what}`);
  };

  it('opens with the app credentials, acks LATER when the event could not be stored and SUCCESS once it was', async () => {
    const stored: VendorEvent[] = [];
    let failures = 1;
    const sink: StreamSink = {
      accept: async (events) => {
        if (failures-- > 0) throw new Error('MongoDB is away');
        stored.push(...events);
      },
      log: () => undefined,
    };
    const stream = await openDingTalkStream({ tenantId: 't1', id: 'dt', connector: 'dingtalk', credentials: { appKey: 'ak', appSecret: 'as' }, settings: { apiBaseUrl: base } }, sink);
    try {
      const ws = await socketReady;
      expect(opened).toEqual([{ clientId: 'ak', clientSecret: 'as', ua: expect.any(String), subscriptions: [{ type: 'EVENT', topic: '*' }] }]);
      ws.send(eventFrame('m-1'));
      await waitUntil('the first ack', () => acks.length === 1);
      expect(acks[0]).toEqual({ messageId: 'm-1', status: 'LATER' });
      expect(stored).toEqual([]);
      ws.send(eventFrame('m-2')); // DingTalk delivers it again
      await waitUntil('the second ack', () => acks.length === 2);
      expect(acks[1]).toEqual({ messageId: 'm-2', status: 'SUCCESS' });
      expect(stored.map((e) => e.externalEventId)).toEqual(['ev-1']);
    } finally {
      await stream.close();
    }
  });
});
