import { createHash, randomBytes } from 'node:crypto';
import type { DingtalkHttpEvent } from './dingtalk-push.service';
import type { DingtalkApp } from './dingtalk.types';
import type {
  DingtalkAppStreamConfig,
  DingtalkStreamSettings,
  StreamAckStatus,
  StreamDownFrame,
  StreamFrameType,
  StreamReply,
} from './dingtalk-stream.types';

/** Pure pieces of Stream mode: settings, frame builders, reply parsing. Sources: see dingtalk-stream.types.ts. */

export const DEFAULT_STREAM_SETTINGS: DingtalkStreamSettings = {
  ticketTtlMs: 90_000,
  pingIntervalMs: 30_000,
  redeliveryDelayMs: 60_000,
  laterRedeliveryDelayMs: 60_000,
  disconnectGraceMs: 10_000,
};

/** Path of the WebSocket endpoint, as in the protocol's example `wss://wss-open-connection.dingtalk.com:443/connect`. */
export const STREAM_CONNECT_PATH = '/connect';

/** The only EVENT subscription the gateway serves [stream:protocol: "仅支持星号(*)"]. */
export const ALL_EVENTS_TOPIC = '*';

/** HTTP-push keys that become Stream headers; every other key of the event goes into `data`. */
const HTTP_ENVELOPE_KEYS = new Set(['EventType', 'EventTime', 'CorpId', 'BizId', 'eventId']);

export function isStreamApp(app: DingtalkApp): boolean {
  return app.stream?.enabled === true;
}

export function checkAppStream(stream: DingtalkAppStreamConfig | undefined, where: string): void {
  if (stream === undefined) return;
  if (typeof stream !== 'object' || stream === null || typeof stream.enabled !== 'boolean') {
    throw new Error(`${where}: stream must be {enabled: boolean, unifiedAppId?: string}`);
  }
  if (stream.unifiedAppId !== undefined && typeof stream.unifiedAppId !== 'string') {
    throw new Error(`${where}: stream.unifiedAppId must be a string`);
  }
}

/** Positive integer fields of `body` that name a setting; anything else is an error message. */
export function parseStreamSettings(body: Record<string, unknown>): Partial<DingtalkStreamSettings> | string {
  const changes: Partial<DingtalkStreamSettings> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!(name in DEFAULT_STREAM_SETTINGS)) return `unknown stream setting ${name}: use ${Object.keys(DEFAULT_STREAM_SETTINGS).join(', ')}`;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) return `${name} must be a positive integer (ms)`;
    changes[name as keyof DingtalkStreamSettings] = value;
  }
  return changes;
}

/** A UUID-shaped id stable per app, like the docs' `bbb381b6-f01…58daac` (real derivation unknown). */
export function unifiedAppIdOf(app: DingtalkApp): string {
  if (app.stream?.unifiedAppId) return app.stream.unifiedAppId;
  const hex = createHash('sha1').update(`unified-app:${app.appKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Shaped like the protocol's example `213d841d_972_1898bb26334_70a7`: random, a number, ms in hex, a counter. */
export function newMessageId(seq: number, now = Date.now()): string {
  return `${randomBytes(4).toString('hex')}_${randomBytes(2).readUInt16BE(0) % 1000}_${now.toString(16)}_${seq.toString(16)}`;
}

export interface FrameTarget {
  appId: string;
  connectionId: string;
  messageId: string;
  now: number;
}

export function systemFrame(topic: string, data: Record<string, unknown>, to: FrameTarget): StreamDownFrame {
  return frame('SYSTEM', topic, JSON.stringify(data), to);
}

/**
 * The Stream form of an event the sandbox also pushes over HTTP: envelope fields become headers
 * (`eventType`, `eventId`, `eventCorpId`, `eventBornTime`, `eventUnifiedAppId`); `data` is the rest, so
 * `ats_job_deliver_change` carries `{}` as in its Stream example [doc:recruitment-platform-position-delivery-change-event].
 */
export function eventFrame(event: DingtalkHttpEvent, to: FrameTarget): StreamDownFrame {
  const data = Object.fromEntries(Object.entries(event).filter(([key]) => !HTTP_ENVELOPE_KEYS.has(key)));
  const built = frame('EVENT', ALL_EVENTS_TOPIC, JSON.stringify(data), to);
  built.headers.eventType = event.EventType;
  built.headers.eventId = event.eventId;
  built.headers.eventCorpId = event.CorpId;
  built.headers.eventBornTime = String(event.EventTime ?? to.now);
  built.headers.eventUnifiedAppId = to.appId;
  return built;
}

function frame(type: StreamFrameType, topic: string, data: string, to: FrameTarget): StreamDownFrame {
  return {
    specVersion: '1.0',
    type,
    headers: {
      appId: to.appId,
      connectionId: to.connectionId,
      contentType: 'application/json',
      messageId: to.messageId,
      time: String(to.now),
      topic,
    },
    data,
  };
}

/** A client message as JSON, or why it is not a reply. */
export function parseReply(raw: string): StreamReply | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return 'not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'not a JSON object';
  const reply = parsed as Partial<StreamReply>;
  if (typeof reply.headers !== 'object' || reply.headers === null) return 'no headers';
  if (typeof reply.headers.messageId !== 'string') return 'no headers.messageId';
  return reply as StreamReply;
}

/** The status of an event ack: `code` 200 and `data` `{"status": "SUCCESS" | "LATER"}`; anything else is not an ack. */
export function ackStatusOf(reply: StreamReply): StreamAckStatus | { invalid: string } {
  if (reply.code !== 200) return { invalid: `code ${String(reply.code)}` };
  if (typeof reply.data !== 'string') return { invalid: 'data is not a JSON string' };
  let data: unknown;
  try {
    data = JSON.parse(reply.data);
  } catch {
    return { invalid: 'data is not JSON' };
  }
  const status = (data as { status?: unknown } | null)?.status;
  return status === 'SUCCESS' || status === 'LATER' ? status : { invalid: `status ${JSON.stringify(status)}` };
}
