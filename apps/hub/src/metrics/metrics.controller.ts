import { Controller, ForbiddenException, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoadedConfig } from '@hub/config';
import { HUB_CONFIG, HubMetrics, metricsAccess } from '@hub/runtime';
import { ApiAnswer, ApiErrors } from '../http/openapi';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of this process: requests, webhook verifications, queues and jobs, deliveries, vendor calls, rate limits' })
  @ApiProduces('text/plain')
  @ApiAnswer(200, 'Prometheus text exposition format', { type: 'string' })
  @ApiErrors(401, 403, 429)
  async scrape(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const access = metricsAccess(this.config.hub.metrics.token, req.ip, req.headers.authorization);
    if (!access.allowed) throw access.status === 401 ? new UnauthorizedException(access.message) : new ForbiddenException(access.message);
    await res.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
