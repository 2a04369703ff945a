import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BeisenAsyncRequests } from './beisen-async-requests';
import { BeisenDuplicateBlock } from './beisen-duplicate-block';
import { recruitEnvelope } from './beisen-envelope';
import { limitClassOf } from './beisen-limits';
import { RECRUIT_APIS } from './beisen-recruit-apis';
import { BeisenStateService } from './beisen-state.service';

/**
 * `POST /RecruitV6/api/v1/<Group>/<Api>` with a JSON body: runs the API on the token's tenant and answers in the
 * configured envelope. Auth, limits and the duplicate block were applied by the gate (beisen-gate.service.ts).
 */
@Controller('RecruitV6/api/v1')
export class BeisenRecruitController {
  constructor(
    private readonly state: BeisenStateService,
    private readonly asyncRequests: BeisenAsyncRequests,
    private readonly duplicates: BeisenDuplicateBlock,
  ) {}

  @Post(':group/:name')
  @HttpCode(200)
  call(@Param('group') group: string, @Param('name') name: string, @Body() raw: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): unknown {
    const api = `${group}/${name}`;
    const tenant = this.state.tenantOfAuthorization(request.headers.authorization);
    const handler = RECRUIT_APIS[api];
    if (!tenant || !handler) {
      reply.code(401);
      return { message: 'un-authorized' };
    }
    const body = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const result = handler({ tenant, body, settings: this.state.settings, asyncRequests: this.asyncRequests });
    if (result.ok && limitClassOf(api) !== 'list') this.duplicates.accept(tenant.tenantId, api, raw);
    if (result.ok) for (const [header, value] of Object.entries(result.headers ?? {})) reply.header(header, value);
    return recruitEnvelope(result, this.state.settings.envelope);
  }
}
