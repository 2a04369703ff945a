import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { candidateDetail } from './yonyou-bip-candidate-view';
import { YonyouBipEventCenterService, type BipEventCenterResult } from './yonyou-bip-event-center.service';
import { YonyouBipPushService, newOpenEvent, type BipPushResult } from './yonyou-bip-push.service';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import { formatVendorTime } from './yonyou-bip-time';
import { newBipId } from './yonyou-bip-writes.service';
import type { BipApprovalAction, BipCancelRequest, BipCandidate, BipPerson, BipTenant } from './yonyou-bip.types';

export interface BipDecisionResult {
  request: BipCancelRequest;
  /** The candidate detail after an approval that cancelled it. */
  candidate?: Record<string, unknown>;
  pushes: { eventCenter?: BipEventCenterResult; openPlatform?: BipPushResult };
}

const ACTIONS: readonly BipApprovalAction[] = ['agree', 'reject', 'return'];
const DEFAULT_REQUESTER: BipPerson = { id: 'hr-requester', name: '招聘专员' };

/** `"id"` or `{id, name}` → a person; a bare id takes the seed approver's name when it is one. */
function person(value: unknown, known: readonly BipPerson[], what: string): BipPerson | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value) return known.find((p) => p.id === value) ?? { id: value, name: value };
  const fields = value as Record<string, unknown>;
  if (typeof value === 'object' && typeof fields.id === 'string' && fields.id) {
    return { id: fields.id, name: typeof fields.name === 'string' && fields.name ? fields.name : fields.id };
  }
  throw new BadRequestException(`${what} must be an id or {id, name}`);
}

/**
 * The 面试取消申请 and its approval by level (Yonyou publishes no API for it: this is the simulator's model, contract
 * §6). When the last level agrees, the candidate is cancelled: status → seed `cancelStatus`, `pubts`/`ts` move,
 * `cancelApplyId` and `cancelReason` are set; then YonBIP tells the hub: an event-center call and, when the seed's
 * push has `onCancel`, an open-platform event. `return` sends the request back to level 1 (UNCONFIRMED semantics).
 */
@Injectable()
export class YonyouBipApprovalService {
  constructor(
    private readonly state: YonyouBipStateService,
    private readonly eventCenter: YonyouBipEventCenterService,
    private readonly pushes: YonyouBipPushService,
  ) {}

  create(input: Record<string, unknown>, now = Date.now()): BipCancelRequest {
    const candidate = this.mustFindCandidate(input.candidateId);
    if (typeof input.reason !== 'string' || !input.reason) throw new BadRequestException('reason is required');
    const levels = input.levels === undefined ? Math.max(this.state.approvers.length, 1) : Number(input.levels);
    if (!Number.isInteger(levels) || levels < 1 || levels > 10) throw new BadRequestException('levels must be an integer 1..10');
    const request: BipCancelRequest = {
      id: newBipId(),
      tenantId: candidate.tenantId,
      candidateId: candidate.id,
      reason: input.reason,
      requester: person(input.requestedBy, [], 'requestedBy') ?? DEFAULT_REQUESTER,
      requestTime: now,
      levels,
      currentLevel: 1,
      status: 'pending',
      steps: [],
    };
    this.state.cancelRequests.set(request.id, request);
    return request;
  }

  async decide(id: string, input: Record<string, unknown>, now = Date.now()): Promise<BipDecisionResult> {
    const request = this.state.cancelRequests.get(id);
    if (!request) throw new NotFoundException(`cancel request ${id} does not exist`);
    if (request.status !== 'pending') throw new ConflictException(`cancel request ${id} is already ${request.status}`);
    const level = Number(input.level ?? request.currentLevel);
    if (level !== request.currentLevel) throw new ConflictException(`cancel request ${id} waits for level ${request.currentLevel}, not ${level}`);
    const action = input.action as BipApprovalAction;
    if (!ACTIONS.includes(action)) throw new BadRequestException(`action must be one of ${ACTIONS.join(', ')}`);
    const seeded = this.state.approvers.find((a) => a.level === level);
    const approver = person(input.approver, this.state.approvers, 'approver') ?? (seeded && { id: seeded.id, name: seeded.name });
    if (!approver) throw new BadRequestException(`approver is required: the seed has no approver for level ${level}`);
    const comment = typeof input.comment === 'string' && input.comment ? input.comment : undefined;
    request.steps.push({ level, approver, action, time: now, ...(comment ? { comment } : {}) });
    if (action === 'reject') request.status = 'rejected';
    else if (action === 'return') request.currentLevel = 1;
    else if (level < request.levels) request.currentLevel = level + 1;
    else return this.approve(request, now);
    return { request, pushes: {} };
  }

  private async approve(request: BipCancelRequest, now: number): Promise<BipDecisionResult> {
    request.status = 'approved';
    const candidate = this.mustFindCandidate(request.candidateId);
    const tenant = this.state.tenant(candidate.tenantId) as BipTenant;
    candidate.status = this.state.cancelStatus;
    candidate.cancelApplyId = request.id;
    candidate.cancelReason = request.reason;
    this.state.touch(candidate, now);
    const pushes: BipDecisionResult['pushes'] = {};
    if (tenant.eventCenter?.url) pushes.eventCenter = await this.eventCenter.deliver(tenant, this.userObject(candidate, tenant));
    if (tenant.push?.onCancel) {
      pushes.openPlatform = await this.pushes.push(tenant, newOpenEvent(tenant, { type: tenant.push.cancelEventType, staffId: [candidate.id] }));
    }
    return { request, candidate: candidateDetail(candidate, tenant.timezone), pushes };
  }

  /** The event body: ids and the new state only; the hub reads the candidate itself (UNCONFIRMED field names). */
  private userObject(candidate: BipCandidate, tenant: BipTenant): Record<string, unknown> {
    return {
      eventId: randomUUID(),
      id: candidate.id,
      candidateId: candidate.id,
      tenantId: tenant.tenantId,
      status: candidate.status,
      cancelApplyId: candidate.cancelApplyId,
      ts: formatVendorTime(candidate.modifiedAt, tenant.timezone),
    };
  }

  private mustFindCandidate(id: unknown): BipCandidate {
    const candidate = typeof id === 'string' ? this.state.findCandidate(id) : undefined;
    if (!candidate) throw new NotFoundException(`candidate ${String(id)} does not exist`);
    return candidate;
  }
}
