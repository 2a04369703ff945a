import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { DingtalkV1Error, legacyError, type DingtalkLegacyErrorBody } from './dingtalk-errors';
import { DingtalkStateService } from './dingtalk-state.service';
import { DingtalkTokenService } from './dingtalk-token.service';

/** Internal-app access tokens on both origins; error codes as live probes of DingTalk return them. */
@Controller()
export class DingtalkAuthController {
  constructor(
    private readonly tokens: DingtalkTokenService,
    private readonly state: DingtalkStateService,
  ) {}

  /** [doc: obtain-the-access-token-of-an-internal-app] */
  @Post('v1.0/oauth2/accessToken')
  @HttpCode(200)
  accessToken(@Body() body: unknown): { accessToken: string; expireIn: number } {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const issued = this.tokens.issue(fields.appKey, fields.appSecret);
    if (!issued) throw new DingtalkV1Error(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    return { accessToken: issued.token, expireIn: this.state.settings.tokenTtlSeconds };
  }

  /** [doc: api-gettoken] legacy `GET /gettoken`; always HTTP 200. */
  @Get('gettoken')
  legacyToken(
    @Query() query: Record<string, unknown>,
  ): { errcode: 0; errmsg: string; access_token: string; expires_in: number } | DingtalkLegacyErrorBody {
    if (!query.appkey) return legacyError(40035, '缺少参数 corpid or appkey');
    const issued = this.tokens.issue(query.appkey, query.appsecret);
    if (!issued) return legacyError(40096, '不合法的appKey或appSecret');
    return { errcode: 0, errmsg: 'ok', access_token: issued.token, expires_in: this.state.settings.tokenTtlSeconds };
  }
}
