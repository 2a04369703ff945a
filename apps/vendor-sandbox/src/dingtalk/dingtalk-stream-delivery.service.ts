import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ResetRegistry } from '../common/reset-registry.service';
import type { DingtalkHttpEvent } from './dingtalk-push.service';
import { DingtalkStateService } from './dingtalk-state.service';
import { ackStatusOf, eventFrame, isStreamApp } from './dingtalk-stream-frames';
import { DingtalkStreamGatewayService, type StreamConnection } from './dingtalk-stream-gateway.service';
import type { StreamReply } from './dingtalk-stream.types';

/** One event for one app, from first delivery until a `SUCCESS` ack. */
interface StreamEventDelivery {
  appKey: string;
  event: DingtalkHttpEvent;
  /** Frames sent so far (first delivery included). */
  deliveries: number;
  acked: boolean;
  /** Last ack status received (`SUCCESS`, `LATER`) or `invalid`. */
  lastAck?: string;
  /** When the next delivery is due; undefined while acked or waiting for a connection. */
  nextDeliveryAt?: number;
  /** No connection took it: delivered as soon as one registers. */
  awaitingConnection: boolean;
  timer?: NodeJS.Timeout;
}

export interface StreamPublishResult {
  appKey: string;
  eventId?: string;
  /** Deliveries of this event to this app so far. */
  deliveries: number;
  /** False when the app had no connection: the event waits for one. */
  sent: boolean;
}

export type StreamEventView = Omit<StreamEventDelivery, 'timer' | 'event'> & { eventId?: string; eventType: string };

/**
 * Event push in Stream mode: each event goes to one live connection of every stream-mode app of the corp
 * (picked at random [stream:protocol FAQ]); it is sent again until acked `SUCCESS` — after
 * `redeliveryDelayMs` without an ack, after `laterRedeliveryDelayMs` on `LATER` — counting deliveries.
 */
@Injectable()
export class DingtalkStreamDeliveryService implements OnModuleDestroy {
  /** Keyed by appKey + eventId. */
  private events = new Map<string, StreamEventDelivery>();
  /** messageId of every event frame sent → its delivery key. */
  private messageIds = new Map<string, string>();

  constructor(
    private readonly state: DingtalkStateService,
    private readonly gateway: DingtalkStreamGatewayService,
    resets: ResetRegistry,
  ) {
    gateway.onRegistered((connection) => this.flushAwaiting(connection.appKey));
    gateway.onReply((connection, reply) => this.receiveAck(connection, reply));
    resets.register(() => this.clear());
  }

  /** Sends `event` `times` times (same eventId, as a redelivering DingTalk would) to every stream-mode app of the corp. */
  publishToCorp(corpId: string, event: DingtalkHttpEvent, times: number): StreamPublishResult[] {
    const apps = this.state.listApps().filter((a) => a.corpId === corpId && isStreamApp(a));
    return apps.map((app) => {
      const delivery = this.deliveryOf(app.appKey, event);
      let sent = false;
      for (let i = 0; i < times; i++) sent = this.deliver(delivery) || sent;
      return { appKey: app.appKey, eventId: event.eventId, deliveries: delivery.deliveries, sent };
    });
  }

  /** Every event of this run; `pending` = not yet acked `SUCCESS` (what will be sent again). */
  snapshot(): { events: StreamEventView[]; pending: StreamEventView[] } {
    const events = [...this.events.values()].map(({ timer: _timer, event, ...rest }) => ({ ...rest, eventId: event.eventId, eventType: event.EventType }));
    return { events, pending: events.filter((e) => !e.acked) };
  }

  private deliveryOf(appKey: string, event: DingtalkHttpEvent): StreamEventDelivery {
    const key = deliveryKey(appKey, event.eventId);
    const existing = this.events.get(key);
    if (existing) return existing;
    const created: StreamEventDelivery = { appKey, event, deliveries: 0, acked: false, awaitingConnection: false };
    this.events.set(key, created);
    return created;
  }

  /** True when a frame went out; otherwise the event waits for the app's next connection. */
  private deliver(delivery: StreamEventDelivery): boolean {
    clearTimeout(delivery.timer);
    delivery.nextDeliveryAt = undefined;
    const connections = this.gateway.eventConnections(delivery.appKey);
    if (connections.length === 0) {
      delivery.awaitingConnection = true;
      return false;
    }
    const connection = connections[Math.floor(Math.random() * connections.length)];
    const frame = eventFrame(delivery.event, this.gateway.target(connection));
    delivery.awaitingConnection = false;
    delivery.deliveries++;
    this.messageIds.set(frame.headers.messageId, deliveryKey(delivery.appKey, delivery.event.eventId));
    this.gateway.send(connection, frame, { delivery: delivery.deliveries });
    if (!delivery.acked) this.redeliverAfter(delivery, this.state.settings.stream.redeliveryDelayMs);
    return true;
  }

  private redeliverAfter(delivery: StreamEventDelivery, delayMs: number): void {
    clearTimeout(delivery.timer);
    delivery.nextDeliveryAt = Date.now() + delayMs;
    delivery.timer = setTimeout(() => this.deliver(delivery), delayMs).unref();
  }

  private flushAwaiting(appKey: string): void {
    for (const delivery of this.events.values()) {
      if (delivery.appKey === appKey && delivery.awaitingConnection && !delivery.acked) this.deliver(delivery);
    }
  }

  /** An ack of any delivery of the event counts; acks after `SUCCESS` are recorded as `late`. */
  private receiveAck(connection: StreamConnection, reply: StreamReply): boolean {
    const messageId = reply.headers.messageId as string;
    const key = this.messageIds.get(messageId);
    const delivery = key === undefined ? undefined : this.events.get(key);
    if (!delivery) return false;
    const status = ackStatusOf(reply);
    const outcome = typeof status === 'string' ? status : 'invalid';
    const late = delivery.acked;
    this.gateway.record('ack', outcome, connection, reply, {
      messageId,
      eventId: delivery.event.eventId,
      deliveries: delivery.deliveries,
      ...(late ? { late: true } : {}),
      ...(typeof status === 'string' ? {} : { reason: status.invalid }),
    });
    if (late) return true;
    delivery.lastAck = outcome;
    if (status === 'SUCCESS') {
      delivery.acked = true;
      delivery.nextDeliveryAt = undefined;
      clearTimeout(delivery.timer);
    } else if (status === 'LATER') {
      this.redeliverAfter(delivery, this.state.settings.stream.laterRedeliveryDelayMs);
    }
    // An invalid ack changes nothing: the redelivery already scheduled stands.
    return true;
  }

  private clear(): void {
    for (const delivery of this.events.values()) clearTimeout(delivery.timer);
    this.events = new Map();
    this.messageIds = new Map();
  }

  onModuleDestroy(): void {
    this.clear();
  }
}

function deliveryKey(appKey: string, eventId: string | undefined): string {
  return `${appKey}\u0000${eventId ?? ''}`;
}
