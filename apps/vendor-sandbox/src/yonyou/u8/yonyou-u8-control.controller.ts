import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { RecordStore, type SandboxRecord } from '../../common/record-store.service';
import { YonyouU8AddService } from './yonyou-u8-add.service';
import { YonyouU8AuthService } from './yonyou-u8-auth.service';
import { U8_VENDOR } from './yonyou-u8-gate.service';
import { YonyouU8StateService } from './yonyou-u8-state.service';
import type { U8AddRequest, U8AsyncPlan, U8SeedApp, U8SeedResource, U8SimulatorSettings } from './yonyou-u8.types';

function fields(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw new BadRequestException((e as Error).message);
  }
}

/** Test and demo control of the U8 simulator (not part of U8's API). `POST /_sandbox/reset` returns it to the seed. */
@Controller('_sandbox/yonyou/u8')
export class YonyouU8ControlController {
  constructor(
    private readonly state: YonyouU8StateService,
    private readonly auth: YonyouU8AuthService,
    private readonly adds: YonyouU8AddService,
    private readonly records: RecordStore,
  ) {}

  /** Settings, apps (without secrets), resources, stored records, add requests, token/tradeid counts. */
  @Get('state')
  snapshot(): Record<string, unknown> {
    return { ...this.state.snapshot(), ...this.auth.counts() };
  }

  /** Every call U8 received (vendor `yonyou-u8` in the shared RecordStore); `kind` e.g. `result`, `write`, `token`. */
  @Get('records')
  listRecords(@Query('kind') kind?: string, @Query('api') api?: string, @Query('since') since?: string): SandboxRecord[] {
    return this.records.list({ vendor: U8_VENDOR, kind, api, since: since === undefined ? undefined : Number(since) });
  }

  /** Every issued token stops working: the next business call answers the token errcode. */
  @Post('tokens/expire')
  @HttpCode(200)
  expireTokens(): { expired: number } {
    return { expired: this.auth.expireAll() };
  }

  /** Default behaviour: `{tokenTtlSeconds, pingAfterSeconds, clientOnline, async: {pendingPolls, outcome, errcode, errmsg}}`. */
  @Post('settings')
  @HttpCode(200)
  updateSettings(@Body() body: unknown): U8SimulatorSettings {
    return checked(() => this.state.updateSettings(fields(body) as Partial<U8SimulatorSettings>));
  }

  /** The next `times` (default 1) adds follow this plan: `{pendingPolls, outcome: success|fail, errcode?, errmsg?}`. */
  @Post('async-plans')
  @HttpCode(200)
  queuePlans(@Body() body: unknown): { queued: U8AsyncPlan[] } {
    const input = fields(body);
    const times = input.times === undefined ? 1 : Number(input.times);
    if (!Number.isInteger(times) || times < 1) throw new BadRequestException('times must be a positive integer');
    return { queued: checked(() => this.state.queuePlans(input as Partial<U8AsyncPlan>, times)) };
  }

  /** U8 finishes a pending add now, as it would whether or not anyone polls its result. */
  @Post('requests/:requestid/complete')
  @HttpCode(200)
  complete(@Param('requestid') requestid: string): U8AddRequest {
    const request = this.adds.complete(requestid);
    if (!request) throw new NotFoundException(`no add request ${requestid}`);
    return request;
  }

  /** Finishes every pending add. */
  @Post('requests/complete')
  @HttpCode(200)
  completeAll(): { completed: U8AddRequest[] } {
    return { completed: this.state.pendingRequests().map((r) => this.adds.complete(r.requestid)!) };
  }

  @Post('apps')
  @HttpCode(200)
  upsertApp(@Body() body: unknown): Omit<U8SeedApp, 'appSecret'> {
    const { appSecret: _secret, ...app } = checked(() => this.state.upsertApp(fields(body) as Partial<U8SeedApp>));
    return app;
  }

  @Post('resources')
  @HttpCode(200)
  upsertResource(@Body() body: unknown): Required<U8SeedResource> {
    return checked(() => this.state.upsertResource(fields(body) as Partial<U8SeedResource>));
  }
}
