import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { RecordStore, type SandboxRecord } from '../common/record-store.service';
import { checkApp } from './dingtalk-seed';
import { corpOf, createInterview, newId, record, text } from './dingtalk-control.input';
import { DingtalkPushService, type DingtalkHttpEvent, type PushResult } from './dingtalk-push.service';
import { DingtalkStateService } from './dingtalk-state.service';
import { DingtalkStreamDeliveryService, type StreamPublishResult } from './dingtalk-stream-delivery.service';
import { DingtalkTokenService } from './dingtalk-token.service';
import { DingtalkTrafficService } from './dingtalk-traffic.service';
import type { DingtalkApp, DingtalkInterview, DingtalkSimulatorSettings, DingtalkTrafficSettings } from './dingtalk.types';

/** Test and demo control of the DingTalk simulator; not part of DingTalk's API. */
@Controller('_sandbox/dingtalk')
export class DingtalkControlController {
  constructor(
    private readonly state: DingtalkStateService,
    private readonly tokens: DingtalkTokenService,
    private readonly traffic: DingtalkTrafficService,
    private readonly pushes: DingtalkPushService,
    private readonly streamPushes: DingtalkStreamDeliveryService,
    private readonly records: RecordStore,
  ) {}

  @Get('state')
  snapshot(): Record<string, unknown> {
    return this.state.snapshot();
  }

  /** Registers an app, or replaces the one with the same appKey. */
  @Post('apps')
  @HttpCode(200)
  upsertApp(@Body() body: unknown): DingtalkApp {
    try {
      return this.state.upsertApp(checkApp(record(body) as unknown as DingtalkApp, 'body'));
    } catch (error) {
      throw new BadRequestException((error as Error).message);
    }
  }

  @Post('jobs')
  @HttpCode(200)
  upsertJob(@Body() body: unknown): unknown {
    const fields = record(body);
    return this.state.upsertJob({ corpId: corpOf(this.state, fields), jobId: text(fields, 'jobId', newId('job-')), name: text(fields, 'name') });
  }

  @Post('candidates')
  @HttpCode(200)
  upsertCandidate(@Body() body: unknown): unknown {
    const fields = record(body);
    return this.state.upsertCandidate({
      corpId: corpOf(this.state, fields),
      candidateId: text(fields, 'candidateId', newId('cand-')),
      name: text(fields, 'name'),
      phone: text(fields, 'phone'),
    });
  }

  @Post('interviews')
  @HttpCode(200)
  upsertInterview(@Body() body: unknown): DingtalkInterview {
    return createInterview(this.state, body);
  }

  @Get('interviews/:id')
  interview(@Param('id') id: string): DingtalkInterview {
    return this.mustFindInterview(id);
  }

  /**
   * Cancels the interview (the `cancelled` flag the query returns) and pushes `ats_job_deliver_change`
   * `pushCount` times with the same event (same eventId/BizId), as a redelivering DingTalk would: over HTTP to
   * HTTP-mode apps, over their WebSocket to Stream-mode apps.
   */
  @Post('interviews/:id/cancel')
  @HttpCode(200)
  async cancel(
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<{ interview: DingtalkInterview; event?: DingtalkHttpEvent; pushes: PushResult[]; streams: StreamPublishResult[] }> {
    const fields = body === undefined || body === null ? {} : record(body);
    const pushCount = parsePushCount(fields.pushCount);
    const interview = this.mustFindInterview(id);
    const now = Date.now();
    interview.cancelled = true;
    interview.cancelledAt = now;
    if (typeof fields.reason === 'string') interview.cancelReason = fields.reason;
    this.state.touchFlow(interview, now);
    if (pushCount === 0) return { interview, pushes: [], streams: [] };
    const event = this.pushes.newDeliverChangeEvent(interview.corpId, now);
    const streams = this.streamPushes.publishToCorp(interview.corpId, event, pushCount);
    return { interview, event, pushes: await this.pushes.pushToCorp(interview.corpId, event, pushCount), streams };
  }

  /** Any HTTP-push event, e.g. a change event that cancels nothing; `event` fields override the defaults. */
  @Post('push')
  @HttpCode(200)
  async push(@Body() body: unknown): Promise<{ event: DingtalkHttpEvent; pushes: PushResult[]; streams: StreamPublishResult[] }> {
    const fields = record(body);
    const corpId = corpOf(this.state, fields);
    const overrides = typeof fields.event === 'object' && fields.event !== null ? (fields.event as Partial<DingtalkHttpEvent>) : {};
    const event = { ...this.pushes.newDeliverChangeEvent(corpId), ...overrides };
    const pushCount = parsePushCount(fields.pushCount);
    const streams = this.streamPushes.publishToCorp(corpId, event, pushCount);
    return { event, pushes: await this.pushes.pushToCorp(corpId, event, pushCount), streams };
  }

  /** The handshake DingTalk sends when a callback URL is saved. */
  @Post('check-url')
  @HttpCode(200)
  async checkUrl(@Body() body: unknown): Promise<{ pushes: PushResult[] }> {
    const fields = body === undefined || body === null ? {} : record(body);
    const apps = this.state
      .listApps()
      .filter((a) => a.callback && (fields.appKey === undefined || a.appKey === fields.appKey));
    if (apps.length === 0) throw new NotFoundException('no app with a callback matches');
    const pushes: PushResult[] = [];
    for (const app of apps) pushes.push(await this.pushes.push(app, { EventType: 'check_url' }));
    return { pushes };
  }

  @Post('tokens/expire')
  @HttpCode(200)
  expireTokens(): { expired: number } {
    return { expired: this.tokens.expireAll() };
  }

  @Get('records')
  listRecords(@Query('kind') kind?: string, @Query('api') api?: string, @Query('since') since?: string): SandboxRecord[] {
    const after = since === undefined || since === '' ? undefined : Number(since);
    if (after !== undefined && !Number.isInteger(after)) throw new BadRequestException('since must be a record seq');
    return this.records.list({ vendor: 'dingtalk', kind, api, since: after });
  }

  @Post('rate-limit')
  @HttpCode(200)
  rateLimit(@Body() body: unknown): DingtalkTrafficSettings {
    return this.traffic.update(record(body) as Partial<DingtalkTrafficSettings>);
  }

  @Post('ip-ban')
  @HttpCode(200)
  ipBan(@Body() body: unknown): Record<string, unknown> {
    return this.traffic.setManualBan(record(body));
  }

  /** Simulator knobs other than traffic: token TTL, auth error status, unknown-candidate behaviour, push timeout. */
  @Post('settings')
  @HttpCode(200)
  settings(@Body() body: unknown): DingtalkSimulatorSettings {
    const fields = record(body);
    const current = this.state.settings;
    if (fields.tokenTtlSeconds !== undefined) current.tokenTtlSeconds = positiveInt(fields.tokenTtlSeconds, 'tokenTtlSeconds');
    if (fields.authErrorStatus !== undefined) current.authErrorStatus = positiveInt(fields.authErrorStatus, 'authErrorStatus');
    if (fields.callbackTimeoutMs !== undefined) current.callbackTimeoutMs = positiveInt(fields.callbackTimeoutMs, 'callbackTimeoutMs');
    if (fields.unknownCandidateOnQuery !== undefined) {
      if (fields.unknownCandidateOnQuery !== 'notFound' && fields.unknownCandidateOnQuery !== 'emptyList') {
        throw new BadRequestException('unknownCandidateOnQuery: notFound | emptyList');
      }
      current.unknownCandidateOnQuery = fields.unknownCandidateOnQuery;
    }
    return current;
  }

  private mustFindInterview(id: string): DingtalkInterview {
    const interview = this.state.findInterview(id);
    if (!interview) throw new NotFoundException(`interview ${id} does not exist`);
    return interview;
  }
}

function positiveInt(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new BadRequestException(`${name} must be a positive integer`);
  return n;
}

function parsePushCount(value: unknown): number {
  const count = value === undefined ? 1 : Number(value);
  if (!Number.isInteger(count) || count < 0) throw new BadRequestException('pushCount must be an integer ≥ 0');
  return count;
}
