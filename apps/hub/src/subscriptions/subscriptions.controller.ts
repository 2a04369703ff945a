import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, NotImplementedException, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUrl, Length } from 'class-validator';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { Repositories, SecretCipher, type SubscriptionRecord } from '@hub/persistence';
import { newUlid } from '@hub/schema';
import { ApiKeyGuard, type AuthenticatedRequest } from '../http/api-key.guard';

export const SUBSCRIBABLE_EVENT_TYPES = ['interview.cancelled'];

export class CreateSubscriptionDto {
  @ApiProperty({ example: 'https://hr.example.com/hooks/interviews' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url!: string;

  @ApiPropertyOptional({ enum: SUBSCRIBABLE_EVENT_TYPES, isArray: true, default: SUBSCRIBABLE_EVENT_TYPES })
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsIn(SUBSCRIBABLE_EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  description?: string;
}

function view(s: SubscriptionRecord) {
  return { id: s._id, url: s.url, eventTypes: s.eventTypes, description: s.description ?? null, active: s.active, createdAt: s.createdAt };
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
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a webhook',
    description: 'Returns a whsec_ secret, shown once. Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).',
  })
  async create(@Body() dto: CreateSubscriptionDto, @Req() req: AuthenticatedRequest) {
    const target = this.registry.subscriptionConnector();
    if (!target) throw new NotImplementedException('no installed connector delivers to subscriptions');
    const secret = target.subscriptions.newSecret();
    const rec: SubscriptionRecord = {
      _id: `sub_${newUlid()}`,
      tenantId: req.tenantId,
      url: dto.url,
      eventTypes: dto.eventTypes ?? SUBSCRIBABLE_EVENT_TYPES,
      description: dto.description,
      sealedSecret: this.cipher.encrypt(secret),
      active: true,
      createdAt: new Date(),
    };
    await this.repos.subscriptions.create(rec);
    await this.repos.audit.record(req.tenantId, `api:${req.apiKeyName}`, 'subscription.created', rec._id, rec.url);
    return { ...view(rec), secret };
  }

  @Get()
  @ApiOperation({ summary: "List this tenant's webhooks (secrets are never shown again)" })
  async list(@Req() req: AuthenticatedRequest) {
    return { items: (await this.repos.subscriptions.list(req.tenantId)).map(view) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop deliveries to a webhook' })
  async remove(@Param('id') id: string, @Req() req: AuthenticatedRequest): Promise<void> {
    if (!(await this.repos.subscriptions.deactivate(req.tenantId, id))) throw new NotFoundException(`no subscription ${id} in this tenant`);
    await this.repos.audit.record(req.tenantId, `api:${req.apiKeyName}`, 'subscription.deactivated', id);
  }
}
