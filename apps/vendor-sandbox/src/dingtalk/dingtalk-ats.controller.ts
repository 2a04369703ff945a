import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { DingtalkV1Error, invalidParam } from './dingtalk-errors';
import { pageFlows, parseFlowSearch, type FlowSearchPage } from './dingtalk-flow-search';
import { pageInterviews, parseInterviewQuery, type InterviewPage } from './dingtalk-interview-query';
import { DingtalkStateService } from './dingtalk-state.service';
import { DingtalkTokenService, V1_TOKEN_HEADER } from './dingtalk-token.service';

type HeaderMap = Record<string, string | string[] | undefined>;

/** 智能招聘 (ATS) v1.0 endpoints; shapes from the ats_1_0 SDK and the doc mirror, see the README for each. */
@Controller('v1.0/ats')
export class DingtalkAtsController {
  constructor(
    private readonly state: DingtalkStateService,
    private readonly tokens: DingtalkTokenService,
  ) {}

  /** [doc: query-the-interview-list] [sdk: QueryInterviews] */
  @Post('interviews/query')
  @HttpCode(200)
  queryInterviews(@Headers() headers: HeaderMap, @Query() query: Record<string, unknown>, @Body() body: unknown): InterviewPage {
    const app = this.tokens.requireV1(headers[V1_TOKEN_HEADER]);
    const parsed = parseInterviewQuery(query, body);
    if (!this.state.candidate(app.corpId, parsed.candidateId)) {
      if (this.state.settings.unknownCandidateOnQuery === 'notFound') throw candidateNotExists();
      return { totalCount: 0, hasMore: false, list: [] };
    }
    return pageInterviews(this.state.interviewsOfCandidate(app.corpId, parsed.candidateId), parsed);
  }

  /** [doc: obtain-candidate-information-based-on-mobile-phone-number] [sdk: GetCandidateByPhoneNumber] */
  @Get('candidates')
  candidateByPhone(@Headers() headers: HeaderMap, @Query() query: Record<string, unknown>): { candidateId: string; name: string } {
    const app = this.tokens.requireV1(headers[V1_TOKEN_HEADER]);
    checkBizCode(query.bizCode);
    if (typeof query.phoneNumber !== 'string' || !query.phoneNumber) throw invalidParam('phoneNumber不能为空');
    const candidate = this.state.candidateByPhone(app.corpId, query.phoneNumber);
    if (!candidate) throw candidateNotExists();
    return { candidateId: candidate.candidateId, name: candidate.name };
  }

  /** UNCONFIRMED: listed in VENDORS.md and the connector README, absent from every stored SDK version. */
  @Get('jobs/:jobId')
  job(@Headers() headers: HeaderMap, @Param('jobId') jobId: string, @Query() query: Record<string, unknown>): { jobId: string; name: string } {
    const app = this.tokens.requireV1(headers[V1_TOKEN_HEADER]);
    checkBizCode(query.bizCode);
    const job = this.state.job(app.corpId, jobId);
    if (!job) throw new DingtalkV1Error(404, 'job.notExists', '职位不存在');
    return { jobId: job.jobId, name: job.name };
  }

  /** [doc: get-recruitment-process-identity] [sdk: GetFlowIdByRelationEntityId] */
  @Get('flows/ids')
  flowId(@Headers() headers: HeaderMap, @Query() query: Record<string, unknown>): { flowId: string } {
    const app = this.tokens.requireV1(headers[V1_TOKEN_HEADER]);
    checkBizCode(query.bizCode);
    if (query.relationEntity !== 'interview') throw invalidParam('relationEntity目前仅支持interview');
    if (typeof query.relationEntityId !== 'string' || !query.relationEntityId) {
      throw invalidParam('relationEntityId不能为空');
    }
    const interview = this.state.interview(app.corpId, query.relationEntityId);
    if (!interview) throw new DingtalkV1Error(404, 'interview.notExists', '面试不存在');
    return { flowId: interview.flowId };
  }

  /**
   * [sdk: SearchFlow] flows of the caller's corp whose modify time lies in [minModifyTimeMills,
   * maxModifyTimeMills]; cursor paging. A flow's modify time moves when an interview of it is created or
   * cancelled through the control API (UNCONFIRMED for real DingTalk).
   */
  @Post('flows/search')
  @HttpCode(200)
  searchFlows(@Headers() headers: HeaderMap, @Query() query: Record<string, unknown>, @Body() body: unknown): FlowSearchPage {
    const app = this.tokens.requireV1(headers[V1_TOKEN_HEADER]);
    const search = parseFlowSearch(query, body);
    return pageFlows(this.state.flowsModifiedBetween(app.corpId, search.min, search.max), search);
  }

  /**
   * [VENDORS.md] flow info; no stored SDK edition has this action, so path, query and field names are
   * UNCONFIRMED. Unknown flow → 404 `flow.notExists` (code invented).
   */
  @Get('flows/:flowId/info')
  flowInfo(
    @Headers() headers: HeaderMap,
    @Param('flowId') flowId: string,
    @Query() query: Record<string, unknown>,
  ): { flowId: string; candidateId: string; currentStatus: string; jobId: string; sourceName: string; createTime: number } {
    const app = this.tokens.requireV1(headers[V1_TOKEN_HEADER]);
    checkBizCode(query.bizCode);
    const flow = this.state.flow(app.corpId, flowId);
    if (!flow) throw new DingtalkV1Error(404, 'flow.notExists', '招聘流程不存在');
    return {
      flowId: flow.flowId,
      candidateId: flow.candidateId,
      currentStatus: flow.currentStatus,
      jobId: flow.jobId,
      sourceName: flow.sourceName,
      createTime: flow.createTimeMillis,
    };
  }

  /** [sdk: UpdateJobDeliver] required per the SDK model: bizCode, jobId, channelOuterId, deliverUserId, opTime, status. */
  @Put('jobs/deliveryStatus')
  @HttpCode(200)
  deliveryStatus(@Headers() headers: HeaderMap, @Query() query: Record<string, unknown>, @Body() body: unknown): { success: boolean } {
    const app = this.tokens.requireV1(headers[V1_TOKEN_HEADER]);
    if (query.bizCode === undefined) throw invalidParam('bizCode不能为空');
    checkBizCode(query.bizCode);
    if (typeof query.jobId !== 'string' || !query.jobId) throw invalidParam('jobId不能为空');
    const fields = asRecord(body);
    for (const name of ['channelOuterId', 'deliverUserId'] as const) {
      if (typeof fields[name] !== 'string' || fields[name] === '') throw invalidParam(`${name}不能为空`);
    }
    for (const name of ['opTime', 'status'] as const) {
      if (typeof fields[name] !== 'number' || !Number.isInteger(fields[name])) throw invalidParam(`${name}必须为整数`);
    }
    if (!this.state.job(app.corpId, query.jobId)) throw new DingtalkV1Error(404, 'job.notExists', '职位不存在');
    const deliverUserId = fields.deliverUserId as string;
    if (!this.state.candidate(app.corpId, deliverUserId)) throw candidateNotExists();
    this.state.setDeliveryStatus({
      corpId: app.corpId,
      jobId: query.jobId,
      deliverUserId,
      status: fields.status as number,
      opTime: fields.opTime as number,
      channelOuterId: fields.channelOuterId as string,
      opUserId: typeof fields.opUserId === 'string' ? fields.opUserId : undefined,
      updatedAt: Date.now(),
    });
    return { success: true };
  }

  /** [sdk: SyncInterviewInfoToAIInterviewAssistant]; both generated list variants are accepted. */
  @Post('ai/interview/interviewInfos/sync')
  @HttpCode(200)
  syncInterviewInfo(@Headers() headers: HeaderMap, @Body() body: unknown): { result: boolean; success: boolean } {
    const app = this.tokens.requireV1(headers[V1_TOKEN_HEADER]);
    const fields = asRecord(body);
    if (typeof fields.interviewId !== 'string' || !fields.interviewId) throw invalidParam('interviewId不能为空');
    for (const name of ['candidateInfoVOList', 'intervieweeInfoVOList', 'interviewerInfoVOList']) {
      if (fields[name] !== undefined && !Array.isArray(fields[name])) throw invalidParam(`${name}必须为数组`);
    }
    for (const name of ['interviewStartTime', 'interviewEndTime']) {
      if (fields[name] !== undefined && typeof fields[name] !== 'number') throw invalidParam(`${name}必须为毫秒时间戳`);
    }
    this.state.saveAiInterviewInfo(app.corpId, fields.interviewId, fields);
    return { result: true, success: true };
  }
}

function asRecord(body: unknown): Record<string, unknown> {
  return (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
}

function checkBizCode(bizCode: unknown): void {
  if (bizCode !== undefined && bizCode !== 'ddats') throw invalidParam('bizCode只支持ddats');
}

function candidateNotExists(): DingtalkV1Error {
  return new DingtalkV1Error(404, 'candidate.notExists', '候选人不存在');
}
