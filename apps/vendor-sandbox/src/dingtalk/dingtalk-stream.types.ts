/**
 * Stream mode (WebSocket event push) as DingTalk's gateway speaks it. Sources in the sandbox README, section
 * "Stream mode": [stream:protocol] = open-dingtalk/developerpedia `docs/learn/stream/protocol.md`,
 * [sdk:dingtalk-stream] = the npm client's `client.cjs` / `client.d.ts`.
 */

/** An app's choice of Stream as its event push mode (DingTalk console: 事件推送方式 → Stream 模式). */
export interface DingtalkAppStreamConfig {
  enabled: boolean;
  /** `eventUnifiedAppId` / `appId` header value; derived from the appKey when left out (format UNCONFIRMED). */
  unifiedAppId?: string;
}

/** Simulator knobs of Stream mode; all changeable at runtime (`POST /_sandbox/dingtalk/stream/settings`). */
export interface DingtalkStreamSettings {
  /** A ticket opens one connection within this time [stream:protocol: 90 s, single use]. */
  ticketTtlMs: number;
  /** SYSTEM `ping` to every connection at this interval (UNCONFIRMED: the docs give no interval). */
  pingIntervalMs: number;
  /** An event not acked at all is sent again after this delay [sdk:dingtalk-stream comment: retried within 60 s]. */
  redeliveryDelayMs: number;
  /** An event acked `LATER` is sent again after this delay (UNCONFIRMED: the docs give no delay). */
  laterRedeliveryDelayMs: number;
  /** After a SYSTEM `disconnect`, the server closes the socket after this silence [stream:protocol: 10 s]. */
  disconnectGraceMs: number;
}

export type StreamFrameType = 'SYSTEM' | 'EVENT' | 'CALLBACK';

/** Headers of a frame the server sends; the same names as the SDK's `DWClientDownStream.headers`. */
export interface StreamFrameHeaders {
  appId: string;
  connectionId: string;
  contentType: 'application/json';
  messageId: string;
  /** Epoch ms, sent as a string like the protocol's examples. */
  time: string;
  topic: string;
  eventType?: string;
  eventBornTime?: string;
  eventId?: string;
  eventCorpId?: string;
  eventUnifiedAppId?: string;
}

/** A frame the server sends (server → client). */
export interface StreamDownFrame {
  specVersion: '1.0';
  type: StreamFrameType;
  headers: StreamFrameHeaders;
  /** A JSON string. */
  data: string;
}

/** What a client sends back: the ack of an event, the echo of a ping. */
export interface StreamReply {
  code: number;
  headers: { messageId?: string; contentType?: string; [name: string]: unknown };
  message?: string;
  data?: string;
}

/** The status a client puts in an event ack's `data` [stream:protocol: SUCCESS = consumed, LATER = failed]. */
export type StreamAckStatus = 'SUCCESS' | 'LATER';

/** One subscription of `POST /v1.0/gateway/connections/open` [sdk:OpenConnection]. */
export interface StreamSubscription {
  type: string;
  topic: string;
}
