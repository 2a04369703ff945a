import { BadRequestException, Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { jsonBody, pickTenant } from './beisen-control.controller';
import { BeisenStateService } from './beisen-state.service';
import { cancelInterview, upsertInterview } from './beisen-tenant';
import { localTime } from './beisen-time';
import type { BeisenApplicant, BeisenApply, BeisenInterview, BeisenInterviewSeed, BeisenUser } from './beisen.types';

/** Changes made "in Beisen's UI" for tests and the demo: upserts and a recruiter's cancellation (`?tenantId=`). */
@Controller('_sandbox/beisen')
export class BeisenControlDataController {
  constructor(private readonly state: BeisenStateService) {}

  /** `{applicantId?, candidateId?, name, mobile?, email?}` → the row, inserted or merged by applicantId. */
  @Post('applicants')
  @HttpCode(200)
  applicant(@Body() raw: unknown, @Query('tenantId') tenantId?: string): BeisenApplicant {
    const b = jsonBody(raw);
    if (typeof b.name !== 'string') throw new BadRequestException('need name');
    const tenant = pickTenant(this.state, tenantId);
    const applicantId = typeof b.applicantId === 'string' ? b.applicantId : randomUUID();
    const existing = tenant.applicants.find((a) => a.applicantId === applicantId);
    const candidateId = typeof b.candidateId === 'string' ? b.candidateId : (existing?.candidateId ?? `C${String(10_000_000 + tenant.applicants.length + 1).padStart(8, '0')}`);
    const row = { ...existing, ...(b as Partial<BeisenApplicant>), applicantId, candidateId } as BeisenApplicant;
    if (existing) Object.assign(existing, row);
    else tenant.applicants.push(row);
    return existing ?? row;
  }

  /** `{applyId?, applicantId, jobId?, jobName?, processId?, processPhaseId?, processStatusId?}`; stamps modifiedTime. */
  @Post('applies')
  @HttpCode(200)
  apply(@Body() raw: unknown, @Query('tenantId') tenantId?: string): BeisenApply {
    const b = jsonBody(raw);
    const tenant = pickTenant(this.state, tenantId);
    const applyId = typeof b.applyId === 'string' ? b.applyId : randomUUID();
    const existing = tenant.applies.find((a) => a.applyId === applyId);
    const applicantId = (b.applicantId ?? existing?.applicantId) as string | undefined;
    if (!applicantId || !tenant.applicants.some((a) => a.applicantId === applicantId)) throw new BadRequestException('applicantId must name an applicant');
    const process = tenant.processes.find((p) => p.processId === (b.processId ?? existing?.processId)) ?? tenant.processes[0];
    const phase = process?.phases[0];
    const row: BeisenApply = {
      jobId: 'job-1',
      jobName: '岗位',
      processId: process?.processId ?? '',
      processPhaseId: phase?.phaseId ?? '',
      processStatusId: phase?.statuses[0]?.statusId ?? '',
      ...existing,
      ...(b as Partial<BeisenApply>),
      applyId,
      applicantId,
      modifiedTime: localTime(),
    };
    if (existing) Object.assign(existing, row);
    else tenant.applies.push(row);
    return existing ?? row;
  }

  /** `{interviewId?, applyId, startTime (ms or local text), endTime?, status?, …}` → upsert; stamps the apply. */
  @Post('interviews')
  @HttpCode(200)
  interview(@Body() raw: unknown, @Query('tenantId') tenantId?: string): BeisenInterview {
    const b = jsonBody(raw);
    const tenant = pickTenant(this.state, tenantId);
    try {
      return upsertInterview(tenant, b as unknown as BeisenInterviewSeed, this.state.settings.interviewTouchesApply);
    } catch (error) {
      throw new BadRequestException((error as Error).message);
    }
  }

  /** `{interviewIds, reason, cancelledBy?, batchId?}`: a recruiter cancels in Beisen's UI. */
  @Post('interviews/cancel')
  @HttpCode(200)
  cancel(@Body() raw: unknown, @Query('tenantId') tenantId?: string): BeisenInterview[] {
    const b = jsonBody(raw);
    const tenant = pickTenant(this.state, tenantId);
    const ids = Array.isArray(b.interviewIds) ? b.interviewIds.map(String) : [];
    if (!ids.length || typeof b.reason !== 'string') throw new BadRequestException('need interviewIds[] and reason');
    const rows = ids.map((id) => tenant.interviews.find((i) => i.interviewId === id) ?? id);
    const missing = rows.find((r) => typeof r === 'string');
    if (missing) throw new BadRequestException(`interview ${String(missing)} 不存在`);
    const by = (b.cancelledBy as BeisenUser | undefined) ?? { userId: 'recruiter-1', name: '招聘专员' };
    const batchId = typeof b.batchId === 'string' ? b.batchId : null;
    for (const row of rows as BeisenInterview[]) cancelInterview(tenant, row, b.reason, by, batchId, this.state.settings.interviewTouchesApply);
    return rows as BeisenInterview[];
  }
}
