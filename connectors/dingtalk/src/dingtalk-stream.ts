import axios from 'axios';
import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import type { Connection, InboundStream, OutboundPolicy, StreamSink, VendorEvent } from '@hub/connector-sdk';
import { resolveSettings } from './dingtalk-settings';

/** Stream-mode gateway path on the v1.0 host [VENDORS §1 Stream mode; dingtalk-stream `GATEWAY_URL`]. */
export const STREAM_GATEWAY_PATH = '/v1.0/gateway/connections/open';
/** Reconnect backoff after a lost or refused connection: doubling from the first delay up to the cap, with jitter. */
export const STREAM_RECONNECT = { firstMs: 1_000, maxMs: 60_000 };
/** `ua` sent when opening a connection. */
export const STREAM_USER_AGENT = 'hr-connector-hub/dingtalk-stream';

type AckStatus = 'SUCCESS' | 'LATER';

/**
 * The event a Stream frame carries, shaped like the decrypted HTTP callback (`EventType`, `EventTime`, `CorpId`,
 * `eventId` plus the event's own data), with the same dedup key: one event delivered both ways is one inbox record.
 */
export function streamFrameEvent(frame: Pick<DWClientDownStream, 'headers' | 'data'>): VendorEvent {
  const h = frame.headers;
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(frame.data);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
  } catch {
    data = { data: frame.data };
  }
  const payload = { EventType: h.eventType, EventTime: h.eventBornTime ? Number(h.eventBornTime) : undefined, CorpId: h.eventCorpId, eventId: h.eventId, ...data };
  return { externalEventId: h.eventId ?? `message:${h.messageId}`, kind: h.eventType ?? h.topic, mode: 'stream', payload: JSON.stringify(payload) };
}

/**
 * DingTalk's own Stream client (npm `dingtalk-stream`), adapted where the hub needs more than the SDK gives:
 * the gateway is the connection's `apiBaseUrl` (the SDK has it as a constant), an event is acknowledged only
 * after the hub stored it (the SDK acks with whatever a synchronous listener returns), and reconnects back off.
 * Frames, pings, heartbeats (`keepAlive`) and the `disconnect` handling are the SDK's.
 */
class HubStreamClient extends DWClient {
  private attempts = 0;
  private closed = false;

  constructor(
    private readonly gatewayUrl: string,
    private readonly store: (frame: DWClientDownStream) => Promise<AckStatus>,
    private readonly sink: StreamSink,
    credentials: { clientId: string; clientSecret: string },
  ) {
    super({ ...credentials, ua: STREAM_USER_AGENT, keepAlive: true });
  }

  override async getEndpoint(): Promise<this> {
    const { clientId, clientSecret, ua, subscriptions } = this.config;
    const res = await axios.post(this.gatewayUrl, { clientId, clientSecret, ua, subscriptions }, { headers: { Accept: 'application/json' }, validateStatus: () => true, timeout: 10_000 });
    const { endpoint, ticket } = (res.data ?? {}) as { endpoint?: string; ticket?: string };
    if (res.status !== 200 || !endpoint || !ticket) {
      const why = typeof res.data === 'object' && res.data ? `${(res.data as { code?: string }).code ?? ''} ${(res.data as { message?: string }).message ?? ''}`.trim() : '';
      this.sink.log('warn', 'stream.open_refused', { status: res.status, why });
      throw new Error(`DingTalk refused to open a stream: HTTP ${res.status} ${why}`.trim());
    }
    Object.assign(this, { dw_url: `${endpoint}?ticket=${encodeURIComponent(ticket)}` });
    return this;
  }

  override async connect(): Promise<void> {
    if (this.attempts > 0) {
      const delay = Math.min(STREAM_RECONNECT.maxMs, STREAM_RECONNECT.firstMs * 2 ** (this.attempts - 1));
      this.sink.log('warn', 'stream.reconnecting', { attempt: this.attempts, delayMs: delay });
      await new Promise((r) => setTimeout(r, delay * (0.8 + Math.random() * 0.4)).unref());
    }
    if (this.closed) return;
    this.attempts++;
    await super.connect();
  }

  /**
   * The SDK starts a heartbeat timer on every open socket without stopping the previous one, so after a reconnect
   * the old timer would terminate the new socket: stop it before each connection, and never let it hold the
   * process open.
   */
  override async _connect(): Promise<void> {
    this.stopHeartbeat();
    await super._connect();
    (this as unknown as { heartbeatIntervallId?: NodeJS.Timeout }).heartbeatIntervallId?.unref();
  }

  private stopHeartbeat(): void {
    const timer = (this as unknown as { heartbeatIntervallId?: NodeJS.Timeout }).heartbeatIntervallId;
    if (timer) clearInterval(timer);
  }

  override onSystem(frame: DWClientDownStream): void {
    super.onSystem(frame);
    if (frame.headers.topic === 'REGISTERED' || frame.headers.topic === 'CONNECTED') {
      if (this.attempts !== 0) this.sink.log('info', 'stream.connected', {});
      this.attempts = 0;
    }
    if (frame.headers.topic === 'disconnect') this.sink.log('info', 'stream.disconnect_requested', {});
  }

  override onEvent(frame: DWClientDownStream): void {
    void this.store(frame)
      .catch(() => 'LATER' as const)
      .then((status) => {
        if (!this.closed) this.send(frame.headers.messageId, { status });
      });
  }

  close(): void {
    this.closed = true;
    this.disconnect();
    this.stopHeartbeat();
  }
}

/**
 * Opens the connection's Stream-mode channel with its app credentials (`appKey`/`appSecret` as clientId/secret):
 * every event is stored through `sink` and acknowledged `SUCCESS`, or `LATER` when it could not be stored (DingTalk
 * delivers it again). Resolves once the first connection attempt is under way; reconnects until closed.
 */
export async function openDingTalkStream(conn: Connection, sink: StreamSink, outbound?: OutboundPolicy): Promise<InboundStream> {
  const settings = resolveSettings(conn);
  const gatewayUrl = `${settings.apiBaseUrl}${STREAM_GATEWAY_PATH}`;
  if (outbound) await outbound.checkUrl(gatewayUrl);
  const { appKey, appSecret } = conn.credentials;
  if (!appKey || !appSecret) throw new Error(`connection ${conn.tenantId}/${conn.id} has no appKey/appSecret: Stream mode opens with them`);
  const store = async (frame: DWClientDownStream): Promise<AckStatus> => {
    try {
      await sink.accept([streamFrameEvent(frame)], { via: 'dingtalk-stream', messageId: frame.headers.messageId, topic: frame.headers.topic, connectionId: frame.headers.connectionId });
      return 'SUCCESS';
    } catch (e) {
      sink.log('warn', 'stream.event_not_stored', { eventId: frame.headers.eventId, error: (e as Error).message });
      return 'LATER';
    }
  };
  const client = new HubStreamClient(gatewayUrl, store, sink, { clientId: appKey, clientSecret: appSecret });
  client.config.autoReconnect = true;
  void client.connect();
  return { close: async () => client.close() };
}
