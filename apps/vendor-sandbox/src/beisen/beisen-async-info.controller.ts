import { Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BeisenAsyncRequests } from './beisen-async-requests';
import { refused, v5Envelope } from './beisen-envelope';
import { BeisenStateService } from './beisen-state.service';

/** `GET /OpenPlatform/api/AsyncApiExecInfo/GetByRequestId?requestId=`: an async write's status, in the v5 envelope. */
@Controller('OpenPlatform/api/AsyncApiExecInfo')
export class BeisenAsyncInfoController {
  constructor(
    private readonly state: BeisenStateService,
    private readonly asyncRequests: BeisenAsyncRequests,
  ) {}

  @Get('GetByRequestId')
  byRequestId(@Query('requestId') requestId: string | undefined, @Req() request: FastifyRequest): Record<string, unknown> {
    const tenant = this.state.tenantOfAuthorization(request.headers.authorization);
    if (!tenant) return v5Envelope(refused(417, 'requestId 不存在'));
    return v5Envelope(this.asyncRequests.find(tenant, requestId));
  }
}
