import { Body, Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { authorize, bodyObject, isReply, send } from './yonyou-bip-access';
import { BIP_GATEWAY_PREFIX, BIP_PATHS } from './yonyou-bip-api.catalog';
import { pageCandidates, parseListQuery } from './yonyou-bip-candidate-query';
import { candidateDetail, candidateRow } from './yonyou-bip-candidate-view';
import { BIP_CODES, bipError, businessOk, type BipEnvelope } from './yonyou-bip-envelope';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import { YonyouBipTokenService } from './yonyou-bip-token.service';
import { YonyouBipWritesService } from './yonyou-bip-writes.service';

/** The YonBIP HR candidate APIs [Y4] on the gateway: JSON POST, `?access_token=`, business envelopes. */
@Controller(BIP_GATEWAY_PREFIX)
export class YonyouBipCandidateController {
  constructor(
    private readonly state: YonyouBipStateService,
    private readonly tokens: YonyouBipTokenService,
    private readonly writes: YonyouBipWritesService,
  ) {}

  /** 候选人管理列表查询: `data: {pageIndex, pageSize, recordCount, pageCount, recordList}`, `code` 200 as a number [Y4]. */
  @Post(BIP_PATHS.candidateList)
  @HttpCode(200)
  list(@Query('access_token') token: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): BipEnvelope {
    const tenant = authorize(this.tokens, this.state, token);
    if (isReply(tenant)) return send(reply, tenant);
    let query;
    try {
      query = parseListQuery(bodyObject(body), tenant.timezone);
    } catch (error) {
      return bipError(BIP_CODES.invalidRequest, { business: true, message: (error as Error).message });
    }
    return businessOk(pageCandidates(this.state.candidatesOf(tenant.tenantId), query, (c) => candidateRow(c, tenant.timezone)), true);
  }

  /** 获取候选人国际化详细信息: body `{id}` or `{code}`; `code` "200" as a string [Y4]; unknown → 999 [Y4 error table]. */
  @Post(BIP_PATHS.candidateDetail)
  @HttpCode(200)
  detail(@Query('access_token') token: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): BipEnvelope {
    const tenant = authorize(this.tokens, this.state, token);
    if (isReply(tenant)) return send(reply, tenant);
    const { id, code } = bodyObject(body);
    const candidate = this.state
      .candidatesOf(tenant.tenantId)
      .find((c) => (typeof id === 'string' && id !== '' ? c.id === id : typeof code === 'string' && code !== '' && c.code === code));
    if (!candidate) return bipError(BIP_CODES.candidateNotFound, { business: true });
    return businessOk(candidateDetail(candidate, tenant.timezone), false);
  }

  /** 候选人信息更新: body `{data: {id, resubmitCheckKey, ...fields}}` [Y4]. */
  @Post(BIP_PATHS.updateCandidate)
  @HttpCode(200)
  update(@Query('access_token') token: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): BipEnvelope {
    const tenant = authorize(this.tokens, this.state, token);
    if (isReply(tenant)) return send(reply, tenant);
    return send(reply, this.writes.updateCandidate(tenant, bodyObject(body)));
  }

  /** 候选人信息国际化新增 (for tests; the connector does not create candidates). */
  @Post(BIP_PATHS.insertCandidate)
  @HttpCode(200)
  insert(@Query('access_token') token: unknown, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): BipEnvelope {
    const tenant = authorize(this.tokens, this.state, token);
    if (isReply(tenant)) return send(reply, tenant);
    return send(reply, this.writes.insertCandidate(tenant, bodyObject(body)));
  }
}
