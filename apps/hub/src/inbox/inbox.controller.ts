import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Repositories, type InboxOutcome, type InboxRecord, type InboxStatus } from '@hub/persistence';
import { ApiKeyGuard, type AuthenticatedRequest } from '../http/api-key.guard';
import { anyObject, anyValue, ApiAnswer, ApiV1Errors, dateTime, int, nullableDateTime, nullableStr, obj, page, str } from '../http/openapi';

const STATUSES: InboxStatus[] = ['accepted', 'rejected', 'processed', 'failed'];
const PAGE = 100;

const INBOX_RECORD = obj(
  {
    id: str,
    connectionId: str,
    kind: nullableStr,
    mode: str,
    status: { type: 'string', enum: STATUSES },
    externalEventId: nullableStr,
    rejection: { ...anyObject, nullable: true },
    result: nullableStr,
    error: nullableStr,
    deliveries: int,
    receivedAt: dateTime,
    processedAt: nullableDateTime,
  },
  ['id', 'connectionId', 'mode', 'status', 'deliveries', 'receivedAt'],
);
const INBOX_RECORD_WITH_BODY = { allOf: [INBOX_RECORD, obj({ rawBody: nullableStr, payload: anyValue, requestMeta: anyValue })] };

/** `accepted` while no outcome exists (still to be processed), then the outcome's status. */
function view(r: InboxRecord, outcome: InboxOutcome | undefined, deliveries: number) {
  return {
    id: r._id,
    connectionId: r.connectionId,
    kind: r.kind ?? null,
    mode: r.mode,
    status: r.status === 'rejected' ? 'rejected' : outcome?.status ?? 'accepted',
    externalEventId: r.externalEventId ?? null,
    rejection: r.rejection ?? null,
    result: outcome?.result ?? null,
    error: outcome?.error ?? null,
    deliveries,
    receivedAt: r.receivedAt,
    processedAt: outcome?.at ?? null,
  };
}

@ApiTags('inbox')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/inbox')
export class InboxController {
  constructor(@Inject(Repositories) private readonly repos: Repositories) {}

  @Get()
  @ApiOperation({ summary: 'What reached the hub for this tenant, newest first; rejected requests carry their reason; `deliveries` counts redeliveries of the same event (a poll re-reading what a poll stored is not one)' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiAnswer(200, 'up to 100 records', page(INBOX_RECORD))
  @ApiV1Errors()
  async list(@Req() req: AuthenticatedRequest, @Query('status') status?: string) {
    if (status !== undefined && !STATUSES.includes(status as InboxStatus)) throw new BadRequestException(`status must be one of ${STATUSES.join(', ')}`);
    const stored = status === 'rejected' ? 'rejected' : status === undefined ? undefined : 'accepted';
    // Outcome filters look further back, so a page of `processed` or `failed` records is not cut short by others.
    const records = await this.repos.inbox.list({ tenantId: req.tenantId, status: stored }, status && stored === 'accepted' ? PAGE * 10 : PAGE);
    const items = await this.views(req.tenantId, records);
    return { items: items.filter((i) => !status || i.status === status).slice(0, PAGE) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inbox record with the exact body received' })
  @ApiAnswer(200, 'the record', INBOX_RECORD_WITH_BODY)
  @ApiV1Errors()
  async get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    const r = await this.repos.inbox.findById(id);
    if (!r || r.tenantId !== req.tenantId) throw new NotFoundException(`no inbox record ${id} in this tenant`);
    const [v] = await this.views(req.tenantId, [r]);
    return { ...v, rawBody: r.rawBody ?? null, payload: r.payload ?? null, requestMeta: r.requestMeta ? (JSON.parse(r.requestMeta) as unknown) : null };
  }

  private async views(tenantId: string, records: InboxRecord[]) {
    const accepted = records.filter((r) => r.status === 'accepted');
    const [outcomes, counts] = await Promise.all([
      this.repos.outcomes.forIds(tenantId, accepted.map((r) => r._id)),
      this.repos.outcomes.deliveriesOf(tenantId, accepted.map((r) => r.dedupKey)),
    ]);
    return records.map((r) => view(r, outcomes.get(r._id), counts.get(r.dedupKey) ?? 1));
  }
}
