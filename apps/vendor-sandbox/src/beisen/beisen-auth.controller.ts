import { Body, Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { BeisenStateService } from './beisen-state.service';

type Form = Record<string, unknown>;

/**
 * `POST /OAuth/Token` (form `grant_type=client_credentials&app_id=&secret=&tenant_id=`): a Bearer token of one
 * tenant. `expires_in` is a string: seconds of life, or the absolute unix second of expiry (`expiresInStyle`).
 */
@Controller('OAuth')
export class BeisenAuthController {
  constructor(private readonly state: BeisenStateService) {}

  @Post('Token')
  @HttpCode(200)
  token(@Body() body: unknown, @Query() query: Form, @Res({ passthrough: true }) reply: FastifyReply): Form {
    const form: Form = { ...query, ...(body && typeof body === 'object' ? (body as Form) : {}) };
    if (form.grant_type !== 'client_credentials') return this.refuse(reply, 'unsupported_grant_type');
    const tenant = this.state.tenants.get(String(form.tenant_id ?? ''));
    if (!tenant) return this.refuse(reply, 'invalid_tenantid');
    if (form.app_id !== tenant.appId || form.secret !== tenant.secret) return this.refuse(reply, 'invalid_client');
    const { token, expiresAtMs } = this.state.issueToken(tenant);
    const { expiresInStyle, tokenTtlSeconds } = this.state.settings;
    return {
      access_token: token,
      token_type: 'bearer',
      expires_in: expiresInStyle === 'epoch' ? String(Math.floor(expiresAtMs / 1000)) : String(tokenTtlSeconds),
      tenant_id: tenant.tenantId,
      user_id: tenant.user.userId,
    };
  }

  private refuse(reply: FastifyReply, error: string): Form {
    reply.code(400);
    return { error };
  }
}
