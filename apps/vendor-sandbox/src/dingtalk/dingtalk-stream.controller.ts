import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Post } from '@nestjs/common';
import { DingtalkV1Error, invalidParam } from './dingtalk-errors';
import { DingtalkStateService } from './dingtalk-state.service';
import { DingtalkStreamDeliveryService, type StreamEventView } from './dingtalk-stream-delivery.service';
import { parseStreamSettings, STREAM_CONNECT_PATH } from './dingtalk-stream-frames';
import { DingtalkStreamGatewayService, type StreamConnection } from './dingtalk-stream-gateway.service';
import type { DingtalkStreamSettings, StreamSubscription } from './dingtalk-stream.types';

/** Stream mode: DingTalk's open-connection call, and the sandbox's control of the gateway. */
@Controller()
export class DingtalkStreamController {
  constructor(
    private readonly state: DingtalkStateService,
    private readonly gateway: DingtalkStreamGatewayService,
    private readonly deliveries: DingtalkStreamDeliveryService,
  ) {}

  /**
   * [stream:protocol step 1; sdk:OpenConnection] `{clientId, clientSecret, subscriptions, ua?, localIp?}` →
   * `{endpoint, ticket}`; the endpoint is this sandbox's own `ws://<Host>/connect`.
   */
  @Post('v1.0/gateway/connections/open')
  @HttpCode(200)
  open(@Body() body: unknown, @Headers('host') host: string | undefined): { endpoint: string; ticket: string } {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    for (const name of ['clientId', 'clientSecret']) {
      if (typeof fields[name] !== 'string' || fields[name] === '') throw invalidParam(`${name} is required`);
    }
    const subscriptions = parseSubscriptions(fields.subscriptions);
    if (typeof subscriptions === 'string') throw invalidParam(subscriptions);
    const app = this.state.appByKey(fields.clientId as string);
    if (!app || app.appSecret !== fields.clientSecret) {
      // The code the token endpoint answers for a wrong pair (live probe); this endpoint's own answer is UNCONFIRMED.
      throw new DingtalkV1Error(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    }
    return { endpoint: `ws://${host ?? '127.0.0.1'}${STREAM_CONNECT_PATH}`, ticket: this.gateway.issueTicket(app, subscriptions) };
  }

  /** Live connections, every event with its delivery count, and `pending`: events not yet acked SUCCESS. */
  @Get('_sandbox/dingtalk/stream')
  snapshot(): {
    settings: DingtalkStreamSettings;
    connections: Array<Omit<StreamConnection, 'socket'>>;
    events: StreamEventView[];
    pending: StreamEventView[];
  } {
    return { settings: this.state.settings.stream, connections: this.gateway.snapshot(), ...this.deliveries.snapshot() };
  }

  /** SYSTEM `disconnect` to the app's connections (all when appKey is left out); each closes after the grace period. */
  @Post('_sandbox/dingtalk/stream/disconnect')
  @HttpCode(200)
  disconnect(@Body() body: unknown): { connectionIds: string[] } {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (fields.appKey !== undefined && typeof fields.appKey !== 'string') throw new BadRequestException('appKey must be a string');
    const reason = typeof fields.reason === 'string' ? fields.reason : 'connection is expired';
    return { connectionIds: this.gateway.disconnect(fields.appKey as string | undefined, reason) };
  }

  @Post('_sandbox/dingtalk/stream/settings')
  @HttpCode(200)
  settings(@Body() body: unknown): DingtalkStreamSettings {
    const changes = parseStreamSettings((typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>);
    if (typeof changes === 'string') throw new BadRequestException(changes);
    Object.assign(this.state.settings.stream, changes);
    if (changes.pingIntervalMs !== undefined) this.gateway.schedulePings();
    return this.state.settings.stream;
  }
}

function parseSubscriptions(value: unknown): StreamSubscription[] | string {
  if (!Array.isArray(value) || value.length === 0) return 'subscriptions must be a non-empty array';
  for (const item of value) {
    const entry = item as Partial<StreamSubscription> | null;
    if (typeof entry?.type !== 'string' || typeof entry.topic !== 'string') return 'each subscription needs type and topic';
  }
  return value.map(({ type, topic }: StreamSubscription) => ({ type, topic }));
}
