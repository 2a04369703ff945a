import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CANONICAL_STATUSES, type CanonicalStatus } from '@hub/schema';
import { Repositories, type CandidateRecord } from '@hub/persistence';
import { ApiKeyGuard, type AuthenticatedRequest } from '../http/api-key.guard';

function view(c: CandidateRecord) {
  return {
    id: c._id,
    name: c.name,
    refs: c.refs,
    status: c.status,
    statusReason: c.statusReason ?? null,
    lastCancellationId: c.lastCancellationId ?? null,
    tags: c.tags,
    pools: c.pools,
    updatedAt: c.updatedAt,
  };
}

/** The hub's own talent-pool view: status, tags and pools it keeps for every candidate, also where a vendor has no talent-pool API. */
@ApiTags('candidates')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/candidates')
export class CandidatesController {
  constructor(@Inject(Repositories) private readonly repos: Repositories) {}

  @Get()
  @ApiOperation({ summary: 'Candidates, newest first; filter by talent-pool tag, pool or status' })
  @ApiQuery({ name: 'tag', required: false, example: '原因:时间冲突' })
  @ApiQuery({ name: 'pool', required: false, example: '潜在候选人' })
  @ApiQuery({ name: 'status', required: false, enum: CANONICAL_STATUSES })
  async list(@Req() req: AuthenticatedRequest, @Query('tag') tag?: string, @Query('pool') pool?: string, @Query('status') status?: string) {
    if (status !== undefined && !CANONICAL_STATUSES.includes(status as CanonicalStatus)) throw new BadRequestException(`status must be one of ${CANONICAL_STATUSES.join(', ')}`);
    const items = await this.repos.candidates.list({ tenantId: req.tenantId, tag: tag || undefined, pool: pool || undefined, status: status as CanonicalStatus | undefined }, 200);
    return { items: items.map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One candidate (hub id): ids in every system, status 面试取消 with its reason, tags and pools' })
  async get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    const c = await this.repos.candidates.findById(req.tenantId, id);
    if (!c) throw new NotFoundException(`no candidate ${id} in this tenant`);
    return view(c);
  }
}
