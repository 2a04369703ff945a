import { All, Controller, Get, HttpCode, Param, Query } from '@nestjs/common';
import { YonyouU8AuthService } from './yonyou-u8-auth.service';
import { U8_ERRCODES, u8Error, type U8ErrorBody } from './yonyou-u8-errcodes';
import { YonyouU8StateService } from './yonyou-u8-state.service';

/** Platform calls of the U8 open platform (`https://api.yonyouup.com/system/*`) [Y6]. */
@Controller('system')
export class YonyouU8SystemController {
  constructor(
    private readonly auth: YonyouU8AuthService,
    private readonly state: YonyouU8StateService,
  ) {}

  /** → `{errcode:"0", token:{id, appKey, expiresIn}}` (fields as read by public callers, e.g. a TokenService reading `token.expiresIn`). */
  @Get('token')
  token(@Query() query: Record<string, unknown>): Record<string, unknown> {
    const issued = this.auth.issueToken(query);
    if ('errcode' in issued) return { ...issued };
    return { errcode: '0', errmsg: '', token: { id: issued.token.id, appKey: issued.app.appKey, expiresIn: this.state.settings.tokenTtlSeconds } };
  }

  /** → `{errcode:"0", trade:{id}}`; one tradeid per write. */
  @Get('tradeid')
  tradeid(@Query() query: Record<string, unknown>): Record<string, unknown> {
    const trade = this.auth.issueTradeid(query);
    if ('errcode' in trade) return { ...trade };
    return { errcode: '0', errmsg: '', trade: { id: trade.id } };
  }

  @All(':operation')
  @HttpCode(200)
  unknown(@Param('operation') operation: string): U8ErrorBody {
    return u8Error(U8_ERRCODES.unknownApi, `接口 system/${operation} 不存在`);
  }
}
