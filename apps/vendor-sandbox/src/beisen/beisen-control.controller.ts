import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { RecordStore, type SandboxRecord } from '../common/record-store.service';
import { BEISEN_VENDOR } from './beisen-gate.service';
import { BeisenStateService, mergeLimits } from './beisen-state.service';
import type { BeisenTenant } from './beisen-tenant';
import { DEFAULT_BEISEN_SETTINGS, TRANSFER_FAILURE_LISTS, type BeisenSimulatorSettings, type BeisenTransferList } from './beisen.types';

type Json = Record<string, unknown>;

export function jsonBody(raw: unknown): Json {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new BadRequestException('body must be a JSON object');
  return raw as Json;
}

export function pickTenant(state: BeisenStateService, tenantId?: string): BeisenTenant {
  const tenant = state.tenant(tenantId || undefined);
  if (!tenant) throw new BadRequestException(`unknown Beisen tenant ${tenantId ?? '(none seeded)'}`);
  return tenant;
}

/** Test and demo control of the Beisen simulator; not Beisen's API (connectors/beisen/SIMULATOR.md). */
@Controller('_sandbox/beisen')
export class BeisenControlController {
  constructor(
    private readonly state: BeisenStateService,
    private readonly records: RecordStore,
  ) {}

  @Get('state')
  snapshot(@Query('tenantId') tenantId?: string): Json {
    const tenants = [...this.state.tenants.values()].filter((t) => !tenantId || t.tenantId === tenantId);
    return {
      settings: this.state.settings,
      tenants: Object.fromEntries(tenants.map((t) => [t.tenantId, tenantView(t)])),
      tokens: this.state.tokenCounts(),
    };
  }

  @Get('records')
  listRecords(@Query('api') api?: string, @Query('kind') kind?: string, @Query('since') since?: string): SandboxRecord[] {
    const after = since === undefined || since === '' ? undefined : Number(since);
    return this.records.list({ vendor: BEISEN_VENDOR, api, kind, since: after });
  }

  @Post('settings')
  @HttpCode(200)
  settings(@Body() raw: unknown): BeisenSimulatorSettings {
    const b = jsonBody(raw);
    for (const k of Object.keys(b)) if (!(k in DEFAULT_BEISEN_SETTINGS)) throw new BadRequestException(`unknown setting ${k}`);
    const next = { ...this.state.settings, ...(b as Partial<BeisenSimulatorSettings>), limits: mergeLimits(this.state.settings.limits, b.limits as Json | undefined) };
    if (!['seconds', 'epoch'].includes(next.expiresInStyle)) throw new BadRequestException('expiresInStyle must be seconds or epoch');
    if (!['v6', 'v2'].includes(next.envelope)) throw new BadRequestException('envelope must be v6 or v2');
    if (!['nested', 'flat'].includes(next.applyForm)) throw new BadRequestException('applyForm must be nested or flat');
    if (!(next.batchSize >= 1)) throw new BadRequestException('batchSize must be at least 1');
    this.state.settings = next;
    return next;
  }

  /** Every issued token answers 401 from now on. */
  @Post('tokens/expire')
  @HttpCode(200)
  expireTokens(): { expired: number } {
    return { expired: this.state.expireTokens() };
  }

  /** `{applyId, list, times?}`: the next TransferPhase naming the apply puts it in `list` instead of moving it. */
  @Post('transfer-errors')
  @HttpCode(200)
  transferError(@Body() raw: unknown, @Query('tenantId') tenantId?: string): Json {
    const b = jsonBody(raw);
    if (typeof b.applyId !== 'string') throw new BadRequestException('need applyId');
    const list = (b.list ?? 'applyLockedApplyIds') as BeisenTransferList;
    if (!TRANSFER_FAILURE_LISTS.includes(list)) throw new BadRequestException(`list must be one of ${TRANSFER_FAILURE_LISTS.join(', ')}`);
    const armed = { applyId: b.applyId, list, times: Number(b.times ?? 1) };
    pickTenant(this.state, tenantId).transferErrors.push(armed);
    return armed;
  }

  /** `{applicantId, message, times?}`: the next async write naming the applicant ends Failed with `message`. */
  @Post('async-errors')
  @HttpCode(200)
  asyncError(@Body() raw: unknown, @Query('tenantId') tenantId?: string): Json {
    const b = jsonBody(raw);
    if (typeof b.applicantId !== 'string' || typeof b.message !== 'string') throw new BadRequestException('need applicantId and message');
    const armed = { applicantId: b.applicantId, message: b.message, times: Number(b.times ?? 1) };
    pickTenant(this.state, tenantId).asyncErrors.push(armed);
    return armed;
  }
}

function tenantView(t: BeisenTenant): Json {
  const { processes, applicants, applies, interviews, talentPools, tags, cancels, transfers } = t;
  const asyncRequests = t.asyncRequests.map(({ requestId, api, status, errorMessage }) => ({ requestId, api, status, errorMessage }));
  return { processes, applicants, applies, interviews, talentPools, tags, cancels, transfers, asyncRequests };
}
