import { All, Body, Controller, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authorize, bodyObject, isReply, send } from './yonyou-bip-access';
import { BIP_GATEWAY_PREFIX } from './yonyou-bip-api.catalog';
import { approvalTrail } from './yonyou-bip-candidate-view';
import { BIP_CODES, bipError, businessOk, type BipEnvelope } from './yonyou-bip-envelope';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import { YonyouBipTokenService } from './yonyou-bip-token.service';
import { YonyouBipWritesService } from './yonyou-bip-writes.service';

/**
 * Every other gateway path: the tenant's configured APIs (seed `endpoints`: the 面试取消申请 approval trail, the
 * tenant-built archive and tag APIs), else HTTP 404 `310404` before any token check, as the probed gateway does.
 * Fastify matches the static candidate routes before this wildcard.
 */
@Controller()
export class YonyouBipTenantApiController {
  constructor(
    private readonly state: YonyouBipStateService,
    private readonly tokens: YonyouBipTokenService,
    private readonly writes: YonyouBipWritesService,
  ) {}

  @All(`${BIP_GATEWAY_PREFIX}/*`)
  dispatch(
    @Req() request: FastifyRequest,
    @Query('access_token') token: unknown,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): BipEnvelope {
    const path = request.url.split('?')[0].slice(BIP_GATEWAY_PREFIX.length);
    const { approvalHistory, archive, tags } = this.state.endpoints;
    const known = request.method === 'POST' && [approvalHistory, archive, tags].includes(path);
    if (!known) return send(reply, { status: 404, body: bipError(BIP_CODES.unknownApi) });
    const tenant = authorize(this.tokens, this.state, token);
    if (isReply(tenant)) return send(reply, tenant);
    reply.code(200);
    if (path === approvalHistory) {
      const { id } = bodyObject(body);
      const cancelRequest = typeof id === 'string' ? this.state.cancelRequests.get(id) : undefined;
      if (!cancelRequest || cancelRequest.tenantId !== tenant.tenantId) return bipError(BIP_CODES.notFound, { business: true });
      return businessOk(approvalTrail(cancelRequest, tenant.timezone), false);
    }
    return send(reply, this.writes.endpointWrite(tenant, path === archive ? 'archive' : 'tags', path, bodyObject(body)));
  }
}
