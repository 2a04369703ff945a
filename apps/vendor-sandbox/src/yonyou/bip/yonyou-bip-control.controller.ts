import { BadRequestException, Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RecordStore, type SandboxRecord } from '../../common/record-store.service';
import { BIP_VENDOR } from './yonyou-bip-api.catalog';
import { YonyouBipApprovalService, type BipDecisionResult } from './yonyou-bip-approval.service';
import { candidateDetail } from './yonyou-bip-candidate-view';
import { asBadRequest, controlBody, tenantFor, updateSettings } from './yonyou-bip-control.input';
import { EVENT_CENTER_TAMPERS, YonyouBipEventCenterService, type BipEventCenterResult, type BipEventCenterTamper } from './yonyou-bip-event-center.service';
import { PUSH_TAMPERS, type BipPushTamper } from './yonyou-bip-push-crypto';
import { YonyouBipPushService, newOpenEvent, type BipPushResult } from './yonyou-bip-push.service';
import { checkTenant, toCandidate } from './yonyou-bip-seed';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import { YonyouBipTokenService } from './yonyou-bip-token.service';
import type { BipCancelRequest, BipCandidate, BipCandidateSeed, BipSimulatorSettings, BipTenant, BipTenantSeed } from './yonyou-bip.types';

/** Test and demo control of the YonBIP simulator; not part of YonBIP's API (connectors/yonyou/BIP-SIMULATOR.md). */
@Controller('_sandbox/yonyou/bip')
export class YonyouBipControlController {
  constructor(
    private readonly state: YonyouBipStateService,
    private readonly tokens: YonyouBipTokenService,
    private readonly approvals: YonyouBipApprovalService,
    private readonly pushes: YonyouBipPushService,
    private readonly eventCenter: YonyouBipEventCenterService,
    private readonly records: RecordStore,
  ) {}

  @Get('state')
  snapshot(): Record<string, unknown> {
    return { ...this.state.snapshot(), tokens: this.tokens.counts() };
  }

  @Get('records')
  listRecords(@Query('kind') kind?: string, @Query('api') api?: string, @Query('since') since?: string): SandboxRecord[] {
    const after = since === undefined || since === '' ? undefined : Number(since);
    if (after !== undefined && !Number.isInteger(after)) throw new BadRequestException('since must be a record seq');
    return this.records.list({ vendor: BIP_VENDOR, kind, api, since: after });
  }

  /** Every issued token stops working: the next business call answers the auth error code. */
  @Post('tokens/expire')
  @HttpCode(200)
  expireTokens(): { expired: number } {
    return { expired: this.tokens.expireAll() };
  }

  @Post('settings')
  @HttpCode(200)
  settings(@Body() body: unknown): BipSimulatorSettings {
    this.state.settings = updateSettings(this.state.settings, controlBody(body));
    return this.state.settings;
  }

  /** Creates or replaces a tenant (by `tenantId`), e.g. to point its pushes at a hub listening on another port. */
  @Post('tenants')
  @HttpCode(200)
  upsertTenant(@Body() body: unknown): BipTenant {
    const tenant = asBadRequest(() => checkTenant(controlBody(body) as unknown as BipTenantSeed, 'tenant'));
    this.state.tenants = [...this.state.tenants.filter((t) => t.tenantId !== tenant.tenantId), tenant];
    return tenant;
  }

  /** Creates or replaces a candidate; the body is a seed candidate (`modifiedAt` defaults to now). */
  @Post('candidates')
  @HttpCode(200)
  upsertCandidate(@Body() body: unknown): BipCandidate {
    const seed = controlBody(body) as unknown as BipCandidateSeed;
    return this.state.upsertCandidate(asBadRequest(() => toCandidate(seed, this.state.tenants, Date.now(), 'candidate')));
  }

  /** The candidate as the detail API shows it. */
  @Get('candidates/:id')
  candidate(@Param('id') id: string): Record<string, unknown> {
    const candidate = this.mustFindCandidate(id);
    return candidateDetail(candidate, tenantFor(this.state, candidate.tenantId).timezone);
  }

  @Delete('candidates/:id')
  deleteCandidate(@Param('id') id: string): { deleted: string } {
    this.state.deleteCandidate(this.mustFindCandidate(id));
    return { deleted: id };
  }

  /** `{candidateId, reason, requestedBy?, levels?}` → a pending 面试取消申请. */
  @Post('cancel-requests')
  @HttpCode(200)
  createCancelRequest(@Body() body: unknown): BipCancelRequest {
    return this.approvals.create(controlBody(body));
  }

  @Get('cancel-requests/:id')
  cancelRequest(@Param('id') id: string): BipCancelRequest {
    const request = this.state.cancelRequests.get(id);
    if (!request) throw new NotFoundException(`cancel request ${id} does not exist`);
    return request;
  }

  /** `{level, action: agree|reject|return, approver?, comment?}`; the last agreement cancels and pushes. */
  @Post('cancel-requests/:id/decide')
  @HttpCode(200)
  decide(@Param('id') id: string, @Body() body: unknown): Promise<BipDecisionResult> {
    return this.approvals.decide(id, controlBody(body));
  }

  /**
   * Any open-platform event, e.g. `{type: "CHECK_URL"}`: fields other than `tenantId`, `tamper`, `staleSeconds` go
   * into the event (defaults `eventId`, `timestamp`, `tenantId`). Answers what was sent and what the hub said.
   */
  @Post('push')
  @HttpCode(200)
  push(@Body() body: unknown): Promise<BipPushResult> {
    const { tenantId, tamper, staleSeconds, ...fields } = controlBody(body);
    if (typeof fields.type !== 'string' || !fields.type) throw new BadRequestException('type is required, e.g. CHECK_URL');
    if (tamper !== undefined && !PUSH_TAMPERS.includes(tamper as BipPushTamper)) throw new BadRequestException(`tamper must be one of ${PUSH_TAMPERS.join(', ')}`);
    const tenant = tenantFor(this.state, tenantId);
    if (!tenant.push) throw new BadRequestException(`tenant ${tenant.tenantId} has no push configured`);
    const stale = staleSeconds === undefined ? undefined : Number(staleSeconds);
    if (stale !== undefined && (!Number.isFinite(stale) || stale <= 0)) throw new BadRequestException('staleSeconds must be a positive number');
    return this.pushes.push(tenant, newOpenEvent(tenant, fields), { tamper: tamper as BipPushTamper | undefined, staleSeconds: stale });
  }

  /** An event-center call: `{userObject?, candidateId?, eventType?, tamper?: token|noToken}`. */
  @Post('event-center')
  @HttpCode(200)
  eventCenterPush(@Body() body: unknown): Promise<BipEventCenterResult> {
    const input = controlBody(body);
    const tenant = tenantFor(this.state, input.tenantId);
    if (!tenant.eventCenter?.url) throw new BadRequestException(`tenant ${tenant.tenantId} has no event-center subscription`);
    const tamper = input.tamper as BipEventCenterTamper | undefined;
    if (tamper !== undefined && !EVENT_CENTER_TAMPERS.includes(tamper)) throw new BadRequestException(`tamper must be one of ${EVENT_CENTER_TAMPERS.join(', ')}`);
    const given = typeof input.userObject === 'object' && input.userObject !== null ? (input.userObject as Record<string, unknown>) : {};
    const candidateId = typeof input.candidateId === 'string' ? { id: input.candidateId, candidateId: input.candidateId } : {};
    return this.eventCenter.deliver(tenant, { eventId: randomUUID(), tenantId: tenant.tenantId, ...candidateId, ...given }, {
      eventType: typeof input.eventType === 'string' ? input.eventType : undefined,
      tamper,
    });
  }

  private mustFindCandidate(id: string): BipCandidate {
    const candidate = this.state.findCandidate(id);
    if (!candidate) throw new NotFoundException(`candidate ${id} does not exist`);
    return candidate;
  }
}
