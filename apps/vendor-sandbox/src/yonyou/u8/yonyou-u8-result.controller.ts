import { Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { YonyouU8AddService } from './yonyou-u8-add.service';
import { callerOrigin } from './yonyou-u8-api.controller';

/** The result URL of an asynchronous add; callers GET it without any credential [Y6: ResultService, python client]. */
@Controller()
export class YonyouU8ResultController {
  constructor(private readonly adds: YonyouU8AddService) {}

  @Get('result')
  result(@Query('requestid') requestid: string | undefined, @Req() request: FastifyRequest): Record<string, unknown> {
    return this.adds.result(requestid, callerOrigin(request));
  }
}
