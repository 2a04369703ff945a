import { All, Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { YonyouU8AddService } from './yonyou-u8-add.service';
import { YonyouU8AuthService } from './yonyou-u8-auth.service';
import { U8_ERRCODES, u8Error, type U8ErrorBody } from './yonyou-u8-errcodes';
import { YonyouU8StateService } from './yonyou-u8-state.service';

type Query = Record<string, unknown>;

/** The origin the caller used, so the result `url` points back at this simulator. */
export function callerOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? 'api.yonyouup.com'}`;
}

/**
 * Business calls `/api/<resource>/<method>` with `from_account, to_account, app_key, token` (and `ds_sequence`,
 * accepted and ignored: one data source) in the query [Y6 person/add doc]. Every answer is HTTP 200 with `errcode`.
 */
@Controller('api')
export class YonyouU8ApiController {
  constructor(
    private readonly auth: YonyouU8AuthService,
    private readonly adds: YonyouU8AddService,
    private readonly state: YonyouU8StateService,
  ) {}

  @Post(':resource/add')
  @HttpCode(200)
  add(@Param('resource') resource: string, @Query() query: Query, @Body() body: unknown, @Req() request: FastifyRequest): Record<string, unknown> {
    const caller = this.auth.caller(query);
    if ('errcode' in caller) return { ...caller };
    return this.adds.add(resource, query, body, caller, callerOrigin(request));
  }

  /** `GET /api/<resource>/get?id=<code>` → `{errcode:"0", <resource>:{…}}` (e.g. person/get?id=人员编码). */
  @Get(':resource/get')
  get(@Param('resource') name: string, @Query() query: Query): Record<string, unknown> {
    const caller = this.auth.caller(query);
    if ('errcode' in caller) return { ...caller };
    const resource = this.state.resource(name);
    if (!resource) return { ...u8Error(U8_ERRCODES.unknownApi, `接口 ${name}/get 不存在`) };
    const record = typeof query.id === 'string' ? this.state.record(name, query.id) : undefined;
    if (!record) return { ...u8Error(U8_ERRCODES.notFound, `${name}[${String(query.id ?? '')}]不存在`) };
    return { errcode: '0', errmsg: '', [name]: record.fields };
  }

  @All(':resource/:method')
  @HttpCode(200)
  unknown(@Param('resource') resource: string, @Param('method') method: string): U8ErrorBody {
    return u8Error(U8_ERRCODES.unknownApi, `接口 ${resource}/${method} 不存在`);
  }

  @All(':resource')
  @HttpCode(200)
  unknownResource(@Param('resource') resource: string): U8ErrorBody {
    return u8Error(U8_ERRCODES.unknownApi, `接口 ${resource} 不存在`);
  }
}
