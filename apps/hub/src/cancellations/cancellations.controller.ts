import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { SyncStatus } from '@hub/persistence';
import { ApiKeyGuard, type AuthenticatedRequest } from '../http/api-key.guard';
import { CancellationsService } from './cancellations.service';
import { CreateCancellationDto } from './create-cancellation.dto';

const STATUSES: SyncStatus[] = ['syncing', 'synced', 'failed'];

function parseDate(name: string, value?: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be an ISO 8601 date-time, got "${value}"`);
  return d;
}

@ApiTags('cancellations')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/cancellations')
export class CancellationsController {
  constructor(@Inject(CancellationsService) private readonly service: CancellationsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'One-click cancel: the hub becomes the origin and syncs the cancellation to every connected system' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'repeat a request safely: the same key returns the same cancellation' })
  create(@Body() dto: CreateCancellationDto, @Req() req: AuthenticatedRequest, @Headers('idempotency-key') idempotencyKey?: string) {
    if (idempotencyKey !== undefined && !/^[\w:-]{1,128}$/.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key must be 1–128 letters, digits, "_", ":" or "-"');
    }
    return this.service.create(req.tenantId, dto, req.apiKeyName, idempotencyKey);
  }

  @Get()
  @ApiOperation({ summary: 'Search cancellations (newest first)' })
  @ApiQuery({ name: 'candidateName', required: false, description: 'part of the name' })
  @ApiQuery({ name: 'from', required: false, description: 'interview scheduled at or after (ISO 8601)' })
  @ApiQuery({ name: 'to', required: false, description: 'interview scheduled at or before (ISO 8601)' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({ name: 'before', required: false, description: 'the `next` cursor of the previous page' })
  list(
    @Req() req: AuthenticatedRequest,
    @Query('candidateName') candidateName?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
  ) {
    if (status !== undefined && !STATUSES.includes(status as SyncStatus)) throw new BadRequestException(`status must be one of ${STATUSES.join(', ')}`);
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 200) throw new BadRequestException('limit must be an integer from 1 to 200');
    return this.service.list(req.tenantId, {
      candidateName: candidateName || undefined,
      from: parseDate('from', from),
      to: parseDate('to', to),
      status: status as SyncStatus | undefined,
      limit: n,
      before: before || undefined,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One cancellation: the canonical event, per-target delivery receipts, archive entries and audit trail' })
  get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.service.get(req.tenantId, id);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry every dead delivery of a cancellation with a fresh attempt budget' })
  replay(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.service.replay(req.tenantId, id, req.apiKeyName);
  }
}
