import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SYNC_STATUSES, type SyncStatus } from '@hub/persistence';
import { CrashPoints } from '@hub/runtime';
import { ApiKeyGuard, type AuthenticatedRequest } from '../http/api-key.guard';
import type { RequestWithRawBody } from '../http/body-parsers';
import { ApiAnswer, ApiV1Errors, page } from '../http/openapi';
import { ACCEPTED_CANCELLATION, CANCELLATION_DETAIL, CANCELLATION_SUMMARY, REPLAYED } from './cancellation.schemas';
import { CancellationsService } from './cancellations.service';
import { CreateCancellationDto } from './create-cancellation.dto';

const STATUSES: readonly SyncStatus[] = SYNC_STATUSES;

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
  constructor(
    @Inject(CancellationsService) private readonly service: CancellationsService,
    @Inject(CrashPoints) private readonly crash: CrashPoints,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'One-click cancel: the hub becomes the origin and syncs the cancellation to every connected system',
    description:
      'Stored durably before the 202: the fan-out happens even if the hub stops right after answering. Answers 400 naming a missing or invalid field, 409 when the interview is already cancelled, 422 when the Idempotency-Key was used with another body.',
  })
  @ApiAnswer(202, 'stored: the fan-out follows (also for a repeated request with the same key and body: `replayed: true`)', ACCEPTED_CANCELLATION)
  @ApiV1Errors(409, 413, 415, 422)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'repeat a request safely: the same key with the same body returns the first answer; with another body, 422' })
  async create(
    @Body() dto: CreateCancellationDto,
    @Req() req: AuthenticatedRequest & RequestWithRawBody,
    @Res({ passthrough: true }) res: FastifyReply,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    if (idempotencyKey !== undefined && !/^[\w:-]{1,128}$/.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key must be 1–128 letters, digits, "_", ":" or "-"');
    }
    const accepted = await this.service.create(req.tenantId, dto, req.apiKeyName, req.rawBody?.toString('utf8') ?? JSON.stringify(dto), idempotencyKey);
    if (this.crash.armed) res.raw.once('finish', () => this.crash.hit('api.after-accept', accepted.inboxId));
    return accepted;
  }

  @Get()
  @ApiOperation({ summary: 'Search cancellations (newest first)' })
  @ApiAnswer(200, 'a page of cancellations; `next` is the cursor of the next page (null on the last)', page(CANCELLATION_SUMMARY, true))
  @ApiV1Errors()
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
  @ApiAnswer(200, 'the cancellation', CANCELLATION_DETAIL)
  @ApiV1Errors()
  get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    return this.service.get(req.tenantId, id);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send every dead or uncertain delivery of a cancellation again, with a fresh attempt budget',
    description: 'An uncertain delivery is a message that may or may not have reached its recipient; replaying it sends it again. Body `{"deliveries": [ids]}` limits the replay to those.',
  })
  @ApiAnswer(202, 'the ids of the deliveries sent again', REPLAYED)
  @ApiV1Errors(409, 413, 415)
  @ApiBody({ required: false, schema: { type: 'object', properties: { deliveries: { type: 'array', items: { type: 'string' } } } } })
  replay(@Param('id') id: string, @Req() req: AuthenticatedRequest, @Body() body?: { deliveries?: unknown }) {
    const only = body?.deliveries;
    if (only !== undefined && (!Array.isArray(only) || !only.every((d): d is string => typeof d === 'string'))) throw new BadRequestException('deliveries must be an array of delivery ids');
    return this.service.replay(req.tenantId, id, req.apiKeyName, only as string[] | undefined);
  }
}
