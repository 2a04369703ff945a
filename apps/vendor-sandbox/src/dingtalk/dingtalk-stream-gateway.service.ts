import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { RecordStore } from '../common/record-store.service';
import { ResetRegistry } from '../common/reset-registry.service';
import { DingtalkStateService } from './dingtalk-state.service';
import { ALL_EVENTS_TOPIC, newMessageId, parseReply, STREAM_CONNECT_PATH, systemFrame, unifiedAppIdOf } from './dingtalk-stream-frames';
import type { StreamDownFrame, StreamReply, StreamSubscription } from './dingtalk-stream.types';
import type { DingtalkApp } from './dingtalk.types';

interface Ticket {
  appKey: string;
  subscriptions: StreamSubscription[];
  expiresAt: number;
}

/** One open WebSocket of an app. */
export interface StreamConnection {
  connectionId: string;
  appKey: string;
  appId: string;
  /** Subscribed `{type: "EVENT", topic: "*"}` when it opened. */
  wantsEvents: boolean;
  openedAt: number;
  /** Told to `disconnect`; gets no more events and is closed after the grace period. */
  closing: boolean;
  socket: WebSocket;
}

/** Handed the replies that are not ping echoes; true when it knew the messageId. */
export type ReplyListener = (connection: StreamConnection, reply: StreamReply, raw: string) => boolean;

/**
 * DingTalk's Stream gateway: single-use tickets, the WebSocket endpoint (`noServer`, attached to the sandbox's
 * HTTP server), the live connections per app, CONNECTED/REGISTERED on open, SYSTEM pings, forced `disconnect`.
 * Every frame sent and every message received is a record of kind `stream`. Events: dingtalk-stream-delivery.
 */
@Injectable()
export class DingtalkStreamGatewayService implements OnModuleDestroy {
  private readonly server = new WebSocketServer({ noServer: true });
  private tickets = new Map<string, Ticket>();
  private readonly connections = new Map<string, StreamConnection>();
  /** Ping messageId → the opaque it carried. */
  private pings = new Map<string, string>();
  private pingTimer?: NodeJS.Timeout;
  private messageSeq = 0;
  private readonly registeredListeners: Array<(connection: StreamConnection) => void> = [];
  private readonly replyListeners: ReplyListener[] = [];

  constructor(
    private readonly state: DingtalkStateService,
    private readonly records: RecordStore,
    resets: ResetRegistry,
  ) {
    this.schedulePings();
    resets.register(() => {
      this.tickets.clear();
      this.pings.clear();
      this.schedulePings();
    });
  }

  issueTicket(app: DingtalkApp, subscriptions: StreamSubscription[], now = Date.now()): string {
    const ticket = randomUUID();
    this.tickets.set(ticket, { appKey: app.appKey, subscriptions, expiresAt: now + this.state.settings.stream.ticketTtlMs });
    return ticket;
  }

  onRegistered(listener: (connection: StreamConnection) => void): void {
    this.registeredListeners.push(listener);
  }

  onReply(listener: ReplyListener): void {
    this.replyListeners.push(listener);
  }

  /** For the HTTP server's `upgrade` event: takes `/connect?ticket=` and refuses everything else. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const ticketId = url.searchParams.get('ticket') ?? '';
    const ticket = this.tickets.get(ticketId);
    this.tickets.delete(ticketId);
    const refusal =
      url.pathname !== STREAM_CONNECT_PATH
        ? '404 Not Found'
        : !ticket || ticket.expiresAt <= Date.now() || !this.state.appByKey(ticket.appKey)
          ? '401 Unauthorized'
          : undefined;
    if (refusal || !ticket) {
      this.record('connect', 'refused', undefined, { path: url.pathname, status: refusal, ticketKnown: Boolean(ticket) });
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, ticket));
  }

  private accept(socket: WebSocket, ticket: Ticket): void {
    const app = this.state.appByKey(ticket.appKey) as DingtalkApp;
    const connection: StreamConnection = {
      connectionId: randomUUID(),
      appKey: app.appKey,
      appId: unifiedAppIdOf(app),
      wantsEvents: ticket.subscriptions.some((s) => s.type === 'EVENT' && s.topic === ALL_EVENTS_TOPIC),
      openedAt: Date.now(),
      closing: false,
      socket,
    };
    this.connections.set(connection.connectionId, connection);
    this.record('connect', 'ok', connection, { subscriptions: ticket.subscriptions });
    socket.on('message', (data: RawData) => this.receive(connection, rawText(data)));
    socket.on('close', (code: number) => {
      this.connections.delete(connection.connectionId);
      this.record('close', 'closed', connection, { code });
    });
    socket.on('error', () => socket.terminate());
    // The npm client handles both topics (CONNECTED logged, REGISTERED marks it registered); the protocol doc lists neither.
    this.send(connection, systemFrame('CONNECTED', {}, this.target(connection)));
    this.send(connection, systemFrame('REGISTERED', {}, this.target(connection)));
    for (const listener of this.registeredListeners) listener(connection);
  }

  /** Connections that take events for the app now. */
  eventConnections(appKey: string): StreamConnection[] {
    return [...this.connections.values()].filter((c) => c.appKey === appKey && c.wantsEvents && !c.closing);
  }

  /** Fresh headers' target on one connection (a new messageId each call). */
  target(connection: StreamConnection, now = Date.now()): { appId: string; connectionId: string; messageId: string; now: number } {
    return { appId: connection.appId, connectionId: connection.connectionId, messageId: newMessageId(++this.messageSeq, now), now };
  }

  send(connection: StreamConnection, frame: StreamDownFrame, detail: Record<string, unknown> = {}): void {
    connection.socket.send(JSON.stringify(frame));
    const api = frame.type === 'EVENT' ? (frame.headers.eventType ?? frame.headers.topic) : frame.headers.topic;
    this.record(api, 'sent', connection, frame, { type: frame.type, messageId: frame.headers.messageId, eventId: frame.headers.eventId, ...detail });
  }

  /** SYSTEM `disconnect` to the app's connections (every app's without appKey); each closes after the grace period. */
  disconnect(appKey: string | undefined, reason: string): string[] {
    const targets = [...this.connections.values()].filter((c) => !c.closing && (appKey === undefined || c.appKey === appKey));
    const graceMs = this.state.settings.stream.disconnectGraceMs;
    for (const connection of targets) {
      this.send(connection, systemFrame('disconnect', { reason }, this.target(connection)));
      connection.closing = true;
      setTimeout(() => connection.socket.close(1000, 'disconnect'), graceMs).unref();
    }
    return targets.map((c) => c.connectionId);
  }

  /** Reschedules the ping round with the current `pingIntervalMs`. */
  schedulePings(): void {
    clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => {
      for (const connection of this.connections.values()) this.ping(connection);
      this.schedulePings();
    }, this.state.settings.stream.pingIntervalMs).unref();
  }

  private ping(connection: StreamConnection): void {
    const opaque = randomUUID();
    const frame = systemFrame('ping', { opaque }, this.target(connection));
    this.pings.set(frame.headers.messageId, opaque);
    this.send(connection, frame);
  }

  private receive(connection: StreamConnection, raw: string): void {
    const reply = parseReply(raw);
    if (typeof reply === 'string') {
      this.record('reply', 'invalid', connection, raw, { reason: reply });
      return;
    }
    const messageId = reply.headers.messageId as string;
    const opaque = this.pings.get(messageId);
    if (opaque !== undefined) {
      this.pings.delete(messageId);
      const echoed = reply.code === 200 && typeof reply.data === 'string' && reply.data.includes(opaque);
      this.record('pong', echoed ? 'ok' : 'invalid', connection, reply, { messageId });
      return;
    }
    if (!this.replyListeners.some((listener) => listener(connection, reply, raw))) {
      this.record('reply', 'unknown', connection, reply, { messageId, reason: 'no frame sent with this messageId' });
    }
  }

  /** One record of kind `stream`; `api` is the topic/eventType sent, or connect | close | pong | ack | reply. */
  record(api: string, outcome: string, connection: StreamConnection | undefined, body: unknown, detail: Record<string, unknown> = {}): void {
    this.records.add({
      vendor: 'dingtalk',
      kind: 'stream',
      api,
      method: 'WS',
      path: STREAM_CONNECT_PATH,
      body,
      outcome,
      detail: { appKey: connection?.appKey, connectionId: connection?.connectionId, ...detail },
    });
  }

  snapshot(): Array<Omit<StreamConnection, 'socket'>> {
    return [...this.connections.values()].map(({ socket: _socket, ...rest }) => rest);
  }

  onModuleDestroy(): void {
    clearTimeout(this.pingTimer);
    for (const connection of this.connections.values()) connection.socket.terminate();
    this.server.close();
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
