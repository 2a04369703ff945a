import { BadRequestException, Body, Controller, Get, Inject, NotFoundException, Param, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CANONICAL_STATUSES, type CanonicalStatus } from '@hub/schema';
import { Repositories, type CandidateView } from '@hub/persistence';
import { ApiKeyGuard, type AuthenticatedRequest } from '../http/api-key.guard';
import { ApiAnswer, ApiV1Errors, page } from '../http/openapi';
import { CANDIDATE, CANDIDATE_LINKS, CANDIDATE_WITH_IDS } from './candidate.schemas';
import { CandidateLinksService } from './candidate-links.service';

export class CandidateLinkDto {
  @ApiProperty({ example: 'dingtalk-b' }) @IsString() @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/)
  connectionId!: string;

  @ApiProperty({ description: "the candidate's id in that system", example: 'cand-77' }) @IsString() @Length(1, 256)
  externalId!: string;
}

export class PutCandidateLinksDto {
  @ApiProperty({ type: [CandidateLinkDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => CandidateLinkDto)
  links!: CandidateLinkDto[];
}

function view(c: CandidateView) {
  return {
    id: c._id,
    name: c.name,
    status: c.status,
    statusReason: c.statusReason ?? null,
    lastCancellationId: c.lastCancellationId ?? null,
    tags: c.tags,
    pools: c.pools,
    updatedAt: c.updatedAt,
  };
}

/** The hub's own talent-pool view (status, tags, pools, also where a vendor has no talent-pool API) and each candidate's ids across systems. */
@ApiTags('candidates')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/candidates')
export class CandidatesController {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(CandidateLinksService) private readonly links: CandidateLinksService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Candidates, most recently changed first; filter by talent-pool tag, pool or status' })
  @ApiAnswer(200, 'the candidates', page(CANDIDATE))
  @ApiV1Errors()
  @ApiQuery({ name: 'tag', required: false, example: '原因:时间冲突' })
  @ApiQuery({ name: 'pool', required: false, example: '潜在候选人' })
  @ApiQuery({ name: 'status', required: false, enum: CANONICAL_STATUSES })
  async list(@Req() req: AuthenticatedRequest, @Query('tag') tag?: string, @Query('pool') pool?: string, @Query('status') status?: string) {
    if (status !== undefined && !CANONICAL_STATUSES.includes(status as CanonicalStatus)) throw new BadRequestException(`status must be one of ${CANONICAL_STATUSES.join(', ')}`);
    const items = await this.repos.candidates.list({ tenantId: req.tenantId, tag: tag || undefined, pool: pool || undefined, status: status as CanonicalStatus | undefined }, 200);
    return { items: items.map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One candidate (hub id): status 面试取消 with its reason, tags, pools, and its id in every system; an id merged into another answers as that one (`mergedFrom`)' })
  @ApiAnswer(200, 'the candidate, with its id in every system', CANDIDATE_WITH_IDS)
  @ApiV1Errors()
  async get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    const current = await this.links.currentId(req.tenantId, id);
    const c = await this.repos.candidates.findById(req.tenantId, current);
    if (!c) throw new NotFoundException(`no candidate ${id} in this tenant`);
    const { links } = await this.links.list(req.tenantId, current);
    return { ...view(c), ...(current !== id ? { mergedFrom: id } : {}), ids: Object.fromEntries(links.map((l) => [l.connectionId, l.externalId])) };
  }

  @Get(':id/links')
  @ApiOperation({ summary: "The candidate's ids in each connected system and the identity facts (phone, email) it is matched by, with where each came from" })
  @ApiAnswer(200, "the candidate's links and identity facts", CANDIDATE_LINKS)
  @ApiV1Errors()
  listLinks(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.links.list(req.tenantId, id);
  }

  @Put(':id/links')
  @ApiOperation({
    summary: "Add the candidate's id in a connected system",
    description:
      'Deliveries waiting (awaiting_link) for this candidate in that system resume at once. All or nothing: 409 when an id already belongs to another candidate, or this candidate already has another id in that system.',
  })
  @ApiAnswer(200, "the candidate's links after the change", CANDIDATE_LINKS)
  @ApiV1Errors(409, 413, 415)
  putLinks(@Param('id') id: string, @Body() dto: PutCandidateLinksDto, @Req() req: AuthenticatedRequest) {
    return this.links.add(req.tenantId, id, dto.links, req.apiKeyName);
  }
}
