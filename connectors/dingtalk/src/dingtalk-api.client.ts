import { BaseHttpConnector, ConnectorError, TokenCache, type CachedToken, type Connection, type HttpOptions } from '@hub/connector-sdk';
import { NO_PACE, type Pace } from './call-budget';
import { legacyError, v1Error, type DingTalkAnswer } from './dingtalk-errors';
import { resolveSettings } from './dingtalk-settings';
import { sliceWindow } from './dingtalk-time';
import type {
  DeliveryStatusUpdate,
  DingTalkFlowInfo,
  DingTalkInterview,
  DingTalkInterviewPage,
  FailedPushPage,
  FlowSearchPage,
  FlowSearchQuery,
  InterviewQuery,
  WorkNotification,
  WriteResult,
} from './dingtalk.types';

/** Business code every ATS call carries (doc query-the-interview-list: only `ddats` is supported). */
export const ATS_BIZ_CODE = 'ddats';
/** Upper bound on pages per query window, against a vendor that never stops saying `hasMore`. */
const MAX_PAGES = 500;

type Query = Record<string, string | number | undefined>;

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function v1RequestId(answer: DingTalkAnswer): string | undefined {
  const h = answer.headers;
  return text(h['x-acs-request-id']) ?? text(h['x-acs-dingtalk-request-id']) ?? text(record(answer.data).requestid);
}

/**
 * HTTP client of the DingTalk open platform for one connector instance. Holds no tenant state: every
 * call takes the connection, and tokens are cached per tenant/connection by the SDK TokenCache.
 */
export class DingTalkApiClient extends BaseHttpConnector {
  constructor(
    options: Partial<HttpOptions> = {},
    tokens: TokenCache = new TokenCache(),
    private readonly now: () => number = Date.now,
  ) {
    super(options, tokens);
  }

  /** `POST /v1.0/oauth2/accessToken` (doc obtain-the-access-token-of-an-internal-app). */
  protected async fetchToken(conn: Connection): Promise<CachedToken> {
    const { appKey, appSecret } = conn.credentials;
    if (!appKey || !appSecret) throw new ConnectorError('PERMANENT', `connection ${conn.id} has no appKey/appSecret`);
    const url = `${resolveSettings(conn).apiBaseUrl}/v1.0/oauth2/accessToken`;
    const answer = await this.send({ method: 'POST', url, data: { appKey, appSecret } });
    const failure = v1Error(answer, 'access token');
    if (failure) {
      if (failure.kind === 'AUTH_EXPIRED' || failure.kind === 'INVALID') {
        throw new ConnectorError('PERMANENT', `DingTalk refused appKey/appSecret: ${failure.message}`, failure.details);
      }
      throw failure;
    }
    const body = record(answer.data);
    const value = text(body.accessToken);
    const expireIn = Number(body.expireIn);
    if (!value) throw new ConnectorError('TEMPORARY', 'access token answer has no accessToken', { httpStatus: answer.status });
    const seconds = Number.isFinite(expireIn) && expireIn > 0 ? expireIn : 7200;
    return { value, expiresAt: this.now() + seconds * 1000 };
  }

  private async v1(conn: Connection, method: 'GET' | 'POST' | 'PUT', path: string, what: string, query?: Query, body?: unknown): Promise<DingTalkAnswer> {
    const url = `${resolveSettings(conn).apiBaseUrl}${path}`;
    return this.withToken(conn, async (token) => {
      const answer = await this.send({ method, url, params: query, data: body, headers: { 'x-acs-dingtalk-access-token': token } });
      const failure = v1Error(answer, what);
      if (failure) throw failure;
      return answer;
    });
  }

  private async oapi(conn: Connection, path: string, what: string, body: unknown, method: 'GET' | 'POST' = 'POST'): Promise<DingTalkAnswer> {
    const url = `${resolveSettings(conn).oapiBaseUrl}${path}`;
    return this.withToken(conn, async (token) => {
      const answer = await this.send({ method, url, params: { access_token: token }, data: body });
      const failure = legacyError(answer, what);
      if (failure) throw failure;
      return answer;
    });
  }

  /** One page of `POST /v1.0/ats/interviews/query` (doc query-the-interview-list, sdk QueryInterviews). */
  async queryInterviewPage(conn: Connection, query: InterviewQuery, nextToken?: string): Promise<DingTalkInterviewPage> {
    const size = resolveSettings(conn).pageSize;
    const answer = await this.v1(conn, 'POST', '/v1.0/ats/interviews/query', 'interview query', { bizCode: ATS_BIZ_CODE, size, nextToken }, query);
    const body = record(answer.data);
    const list = Array.isArray(body.list) ? (body.list as unknown[]).filter((i): i is DingTalkInterview => !!text(record(i).interviewId)) : [];
    return { totalCount: Number(body.totalCount) || undefined, hasMore: body.hasMore === true, nextToken: text(body.nextToken), list };
  }

  /**
   * All interviews of a candidate whose start lies in `[fromMs, toMs]`: the span is cut into ≤30-day
   * slices and every page of every slice is read. Interviews are de-duplicated by id, in vendor order.
   * `pace` is awaited before each page (a poll's call budget).
   */
  async queryInterviews(conn: Connection, candidateId: string, fromMs: number, toMs: number, pace: Pace = NO_PACE): Promise<DingTalkInterview[]> {
    const seen = new Map<string, DingTalkInterview>();
    for (const slice of sliceWindow(fromMs, toMs)) {
      const query: InterviewQuery = { candidateId, startTimeBeginMillis: slice.beginMs, startTimeEndMillis: slice.endMs };
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        await pace();
        const result = await this.queryInterviewPage(conn, query, nextToken);
        for (const interview of result.list ?? []) if (!seen.has(interview.interviewId)) seen.set(interview.interviewId, interview);
        if (!result.hasMore || !result.nextToken || result.nextToken === nextToken) break;
        nextToken = result.nextToken;
      }
    }
    return [...seen.values()];
  }

  /** One page of `POST /v1.0/ats/flows/search?bizCode=ddats` (sdk SearchFlow): flow ids modified in the window. */
  async searchFlowPage(conn: Connection, query: FlowSearchQuery): Promise<FlowSearchPage> {
    const answer = await this.v1(conn, 'POST', '/v1.0/ats/flows/search', 'flow search', { bizCode: ATS_BIZ_CODE }, query);
    const body = record(answer.data);
    const list = Array.isArray(body.list) ? (body.list as unknown[]).map(text).filter((id): id is string => !!id) : [];
    return { hasMore: body.hasMore === true, list, nextCursor: text(body.nextCursor), totalCount: Number(body.totalCount) || undefined };
  }

  /**
   * Every flow id modified in `[fromMs, toMs]` (all pages, `size` = setting `pageSize`), de-duplicated in vendor
   * order. Stops when `hasMore` is false, the cursor is missing or repeats, or after 500 pages.
   */
  async searchFlows(conn: Connection, opUserId: string, fromMs: number, toMs: number, pace: Pace = NO_PACE): Promise<string[]> {
    const size = resolveSettings(conn).pageSize;
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: FlowSearchQuery = { minModifyTimeMills: fromMs, maxModifyTimeMills: toMs, size, opUserId, ...(cursor ? { cursor } : {}) };
      await pace();
      const result = await this.searchFlowPage(conn, query);
      for (const id of result.list) seen.add(id);
      if (!result.hasMore || !result.nextCursor || result.nextCursor === cursor) break;
      cursor = result.nextCursor;
    }
    return [...seen];
  }

  /** `GET /v1.0/ats/flows/{flowId}/info?bizCode=ddats` ([VENDORS]; path and fields UNCONFIRMED by the SDK). */
  async getFlowInfo(conn: Connection, flowId: string): Promise<DingTalkFlowInfo> {
    const answer = await this.v1(conn, 'GET', `/v1.0/ats/flows/${encodeURIComponent(flowId)}/info`, 'flow info', { bizCode: ATS_BIZ_CODE });
    const body = record(answer.data);
    const createTime = Number(body.createTime);
    return {
      flowId: text(body.flowId) ?? flowId,
      candidateId: text(body.candidateId),
      currentStatus: text(body.currentStatus),
      jobId: text(body.jobId),
      sourceName: text(body.sourceName),
      ...(Number.isFinite(createTime) && body.createTime !== undefined ? { createTime } : {}),
    };
  }

  /**
   * `GET /v1.0/ats/candidates?bizCode=ddats&phoneNumber=` (sdk GetCandidateByPhoneNumber): the DingTalk candidate
   * with this phone number, or undefined (404 `candidate.notExists`).
   */
  async getCandidateByPhone(conn: Connection, phoneNumber: string): Promise<{ candidateId: string; name?: string } | undefined> {
    let answer: DingTalkAnswer;
    try {
      answer = await this.v1(conn, 'GET', '/v1.0/ats/candidates', 'candidate lookup by phone', { bizCode: ATS_BIZ_CODE, phoneNumber });
    } catch (e) {
      if (e instanceof ConnectorError && e.kind === 'NOT_FOUND') return undefined;
      throw e;
    }
    const body = record(answer.data);
    const candidateId = text(body.candidateId);
    return candidateId ? { candidateId, name: text(body.name) } : undefined;
  }

  /** Position title via the UNCONFIRMED `GET /v1.0/ats/jobs/{jobId}`; undefined when unknown. */
  async getJobTitle(conn: Connection, jobId: string): Promise<string | undefined> {
    const answer = await this.v1(conn, 'GET', `/v1.0/ats/jobs/${encodeURIComponent(jobId)}`, 'job lookup', { bizCode: ATS_BIZ_CODE });
    const body = record(answer.data);
    return text(body.name) ?? text(body.jobName) ?? text(body.title);
  }

  /** `PUT /v1.0/ats/jobs/deliveryStatus` (sdk UpdateJobDeliver). */
  async updateDeliveryStatus(conn: Connection, update: DeliveryStatusUpdate): Promise<WriteResult> {
    const { jobId, ...body } = update;
    const answer = await this.v1(conn, 'PUT', '/v1.0/ats/jobs/deliveryStatus', 'delivery status update', { bizCode: ATS_BIZ_CODE, jobId }, body);
    if (record(answer.data).success === false) {
      throw new ConnectorError('PERMANENT', 'DingTalk answered success=false to the delivery status update', { httpStatus: answer.status });
    }
    return { requestId: v1RequestId(answer) };
  }

  /** `POST /v1.0/ats/ai/interview/interviewInfos/sync` (sdk SyncInterviewInfoToAIInterviewAssistant). */
  async syncInterviewInfo(conn: Connection, body: Record<string, unknown>): Promise<WriteResult> {
    const answer = await this.v1(conn, 'POST', '/v1.0/ats/ai/interview/interviewInfos/sync', 'interview archive sync', undefined, body);
    const result = record(answer.data);
    if (result.success === false || result.result === false) {
      throw new ConnectorError('PERMANENT', 'DingTalk refused the interview sync (success/result false)', { httpStatus: answer.status });
    }
    return { requestId: v1RequestId(answer) };
  }

  /**
   * One page of `GET /call_back/get_call_back_failed_result` (doc list-of-events-where-historical-push-notifications-failed):
   * ≤200 pushes DingTalk could not deliver, and whether more are waiting. DingTalk removes what it returns (README).
   */
  async getFailedPushPage(conn: Connection): Promise<FailedPushPage> {
    const answer = await this.oapi(conn, '/call_back/get_call_back_failed_result', 'failed-push list', undefined, 'GET');
    const body = record(answer.data);
    const items = Array.isArray(body.failed_list) ? (body.failed_list as unknown[]).map(record) : [];
    return { hasMore: body.has_more === true, items };
  }

  /** `POST /topapi/message/corpconversation/asyncsend_v2` (doc asyncsend_v2). */
  async sendWorkNotification(conn: Connection, n: WorkNotification): Promise<WriteResult> {
    const body = { agent_id: n.agentId, userid_list: n.userIds.join(','), to_all_user: false, msg: { msgtype: 'text', text: { content: n.content } } };
    const answer = await this.oapi(conn, '/topapi/message/corpconversation/asyncsend_v2', 'work notification', body);
    const result = record(answer.data);
    return { taskId: text(result.task_id), requestId: text(result.request_id) };
  }
}
