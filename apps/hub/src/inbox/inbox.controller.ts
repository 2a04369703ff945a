import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Repositories, type InboxRecord, type InboxStatus } from '@hub/persistence';
import { ApiKeyGuard, type AuthenticatedRequest } from '../http/api-key.guard';

const STATUSES: InboxStatus[] = ['accepted', 'rejected', 'processed', 'failed'];

function view(r: InboxRecord) {
  return {
    id: r._id,
    connectionId: r.connectionId,
    kind: r.kind ?? null,
    mode: r.mode,
    status: r.status,
    externalEventId: r.externalEventId ?? null,
    rejection: r.rejection ?? null,
    result: r.result ?? null,
    error: r.error ?? null,
    deliveries: r.deliveries,
    receivedAt: r.receivedAt,
    processedAt: r.processedAt ?? null,
  };
}

@ApiTags('inbox')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/inbox')
export class InboxController {
  constructor(@Inject(Repositories) private readonly repos: Repositories) {}

  @Get()
  @ApiOperation({ summary: 'What reached the hub for this tenant, newest first; rejected requests carry their reason' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  async list(@Req() req: AuthenticatedRequest, @Query('status') status?: string) {
    if (status !== undefined && !STATUSES.includes(status as InboxStatus)) throw new BadRequestException(`status must be one of ${STATUSES.join(', ')}`);
    const items = await this.repos.inbox.list({ tenantId: req.tenantId, status: status as InboxStatus | undefined }, 100);
    return { items: items.map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inbox record with the exact body received' })
  async get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    const r = await this.repos.inbox.findById(id);
    if (!r || r.tenantId !== req.tenantId) throw new NotFoundException(`no inbox record ${id} in this tenant`);
    return { ...view(r), rawBody: r.rawBody ?? null, payload: r.payload ?? null, requestMeta: r.requestMeta ? (JSON.parse(r.requestMeta) as unknown) : null };
  }
}
