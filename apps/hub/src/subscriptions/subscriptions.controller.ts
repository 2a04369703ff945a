import { BadRequestException, Body, ConflictException, Controller, Delete, Get, HttpCode, Inject, NotFoundException, NotImplementedException, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ConnectorRegistry, OutboundPolicy, OutboundRefusedError } from '@hub/connector-sdk';
import { REENABLEABLE_REASONS, Repositories, SecretCipher, subscriptionSecretBinding, type SubscriptionRecord } from '@hub/persistence';
import { newUlid } from '@hub/schema';
import { ApiKeyGuard, type AuthenticatedRequest } from '../http/api-key.guard';
import { anyObject, ApiAnswer, ApiV1Errors, bool, dateTime, list, nullableDateTime, nullableStr, obj, page, str } from '../http/openapi';

export const SUBSCRIBABLE_EVENT_TYPES = ['interview.cancelled'];

export class CreateSubscriptionDto {
  // Checked by the hub's outbound policy, which names why a URL is refused (see create).
  @ApiProperty({ example: 'https://hr.example.com/hooks/interviews', description: 'http(s) URL on a public address; no credentials in it' })
  @IsString() @Length(1, 2048)
  url!: string;

  @ApiPropertyOptional({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true, default: SUBSCRIBABLE_EVENT_TYPES })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(SUBSCRIBABLE_EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  description?: string;
}

const SUBSCRIPTION = obj(
  { id: str, url: str, eventTypes: list(str), description: nullableStr, active: bool, createdAt: dateTime, disabledAt: nullableDateTime, disabledReason: nullableStr },
  ['id', 'url', 'eventTypes', 'active', 'createdAt'],
);

function view(s: SubscriptionRecord) {
  return {
    id: s._id,
    url: s.url,
    eventTypes: s.eventTypes,
    description: s.description ?? null,
    active: s.active,
    createdAt: s.createdAt,
    disabledAt: s.disabledAt ?? null,
    disabledReason: s.disabledReason ?? null,
  };
}

@ApiTags('subscriptions')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(SecretCipher) private readonly cipher: SecretCipher,
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(OutboundPolicy) private readonly outbound: OutboundPolicy,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a webhook',
    description:
      'Returns a whsec_ secret, shown once. Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). ' +
      'The URL must be http(s) without credentials, and its host public: loopback, private, link-local, CGNAT, multicast and metadata addresses or names are refused with 400 saying why.',
  })
  @ApiAnswer(201, 'registered; `secret` is shown this once', { allOf: [SUBSCRIPTION, obj({ secret: str })] })
  @ApiV1Errors(413, 415, 501)
  async create(@Body() dto: CreateSubscriptionDto, @Req() req: AuthenticatedRequest) {
    const target = this.registry.subscriptionConnector();
    if (!target) throw new NotImplementedException('no installed connector delivers to subscriptions');
    await this.checkReachable(dto.url);
    const secret = target.subscriptions.newSecret();
    const id = `sub_${newUlid()}`;
    const rec: SubscriptionRecord = {
      _id: id,
      tenantId: req.tenantId,
      url: dto.url,
      eventTypes: dto.eventTypes ?? SUBSCRIBABLE_EVENT_TYPES,
      description: dto.description,
      sealedSecret: this.cipher.seal(secret, subscriptionSecretBinding(id)),
      active: true,
      createdAt: new Date(),
    };
    await this.repos.subscriptions.create(rec);
    await this.repos.audit.record(req.tenantId, `api:${req.apiKeyName}`, 'subscription.created', rec._id, rec.url);
    return { ...view(rec), secret };
  }

  @Get()
  @ApiOperation({ summary: "List this tenant's webhooks (secrets are never shown again)" })
  @ApiAnswer(200, "the tenant's webhooks", page(SUBSCRIPTION))
  @ApiV1Errors()
  async list(@Req() req: AuthenticatedRequest) {
    return { items: (await this.repos.subscriptions.list(req.tenantId)).map(view) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook, with its audit trail (created, disabled and why, enabled, deleted)' })
  @ApiAnswer(200, 'the webhook and its audit trail', { allOf: [SUBSCRIPTION, obj({ audit: list(anyObject) })] })
  @ApiV1Errors()
  async get(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    const sub = await this.found(req.tenantId, id);
    const audit = await this.repos.audit.forSubject(req.tenantId, id);
    return { ...view(sub), audit: audit.map((a) => ({ at: a.at, actor: a.actor, action: a.action, detail: a.detail ?? null })) };
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn a disabled webhook back on',
    description: 'For a webhook the hub disabled (`gone`: it answered 410; `failing`: it failed for subscriptions.disableAfterFailingHours). Its URL is checked again. Deliveries that went dead meanwhile are sent with POST /v1/cancellations/{id}/replay.',
  })
  @ApiAnswer(200, 'the webhook, active again', SUBSCRIPTION)
  @ApiV1Errors(409)
  async enable(@Param('id') id: string, @Req() req: AuthenticatedRequest) {
    const sub = await this.found(req.tenantId, id);
    if (sub.active) return view(sub);
    if (!sub.disabledReason || !REENABLEABLE_REASONS.includes(sub.disabledReason)) throw new ConflictException(`subscription ${id} was deleted; register the URL again`);
    await this.checkReachable(sub.url);
    if (await this.repos.subscriptions.enable(req.tenantId, id)) {
      await this.repos.audit.record(req.tenantId, `api:${req.apiKeyName}`, 'subscription.enabled', id, `was disabled (${sub.disabledReason})`);
    }
    return view(await this.found(req.tenantId, id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop deliveries to a webhook' })
  @ApiAnswer(204, 'deliveries to it stopped')
  @ApiV1Errors()
  async remove(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<void> {
    if (!(await this.repos.subscriptions.deactivate(req.tenantId, id))) throw new NotFoundException(`no subscription ${id} in this tenant`);
    await this.repos.audit.record(req.tenantId, `api:${req.apiKeyName}`, 'subscription.deactivated', id);
  }

  private async found(tenantId: string, id: string): Promise<SubscriptionRecord> {
    const sub = await this.repos.subscriptions.find(tenantId, id);
    if (!sub) throw new NotFoundException(`no subscription ${id} in this tenant`);
    return sub;
  }

  /** The outbound policy's registration check: a refused URL is a 400 naming why. */
  private async checkReachable(url: string): Promise<void> {
    try {
      await this.outbound.checkUrl(url);
    } catch (e) {
      if (e instanceof OutboundRefusedError) throw new BadRequestException(`url is refused: ${e.message}`);
      throw e;
    }
  }
}
