import { Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { BIP_AUTH_PREFIX, BIP_GATEWAY_PREFIX, BIP_PATHS } from './yonyou-bip-api.catalog';
import { BIP_CODES, bipError, openAuthOk, type BipEnvelope } from './yonyou-bip-envelope';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import { YonyouBipTokenService } from './yonyou-bip-token.service';

/** Data-centre lookup [Y3] and the self-built-app token [Y2]; always HTTP 200, success `code: "00000"`. */
@Controller()
export class YonyouBipAuthController {
  constructor(
    private readonly state: YonyouBipStateService,
    private readonly tokens: YonyouBipTokenService,
  ) {}

  /** `GET /open-auth/dataCenter/getGatewayAddress?tenantId=` → both base URLs on this sandbox's origin. */
  @Get(BIP_PATHS.gatewayLookup)
  gatewayAddress(@Query('tenantId') tenantId: unknown, @Req() request: FastifyRequest): BipEnvelope {
    if (typeof tenantId !== 'string' || !this.state.tenant(tenantId)) return bipError(BIP_CODES.unknownTenant);
    const origin = `${request.protocol}://${request.headers.host ?? request.hostname}`;
    return openAuthOk({ gatewayUrl: `${origin}${BIP_GATEWAY_PREFIX}`, tokenUrl: `${origin}${BIP_AUTH_PREFIX}` });
  }

  @Get(`${BIP_AUTH_PREFIX}${BIP_PATHS.token}`)
  accessToken(@Query() query: Record<string, unknown>): BipEnvelope {
    return this.issue(query);
  }

  /** The pre-2023-07 path [Y2]: same parameters, same answer. */
  @Get(`${BIP_AUTH_PREFIX}${BIP_PATHS.legacyToken}`)
  legacyAccessToken(@Query() query: Record<string, unknown>): BipEnvelope {
    return this.issue(query);
  }

  private issue(query: Record<string, unknown>): BipEnvelope {
    const issued = this.tokens.issue(query);
    if ('error' in issued) return bipError(issued.error);
    return openAuthOk({ access_token: issued.token, expire: issued.expire });
  }
}
