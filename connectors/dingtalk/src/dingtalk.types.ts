/** One interview as returned by `POST /v1.0/ats/interviews/query` (sdk QueryInterviewsResponseBodyList). */
export interface DingTalkInterview {
  interviewId: string;
  jobId?: string;
  startTimeMillis?: number;
  endTimeMillis?: number;
  cancelled?: boolean;
  creatorUserId?: string;
  interviewers?: { userId?: string }[];
}

/** One page of the interview query. */
export interface DingTalkInterviewPage {
  totalCount?: number;
  hasMore?: boolean;
  nextToken?: string;
  list?: DingTalkInterview[];
}

/** Body of `POST /v1.0/ats/flows/search` (sdk SearchFlowRequest; all but cursor/size required). */
export interface FlowSearchQuery {
  minModifyTimeMills: number;
  maxModifyTimeMills: number;
  opUserId: string;
  size?: number;
  cursor?: string;
}

/** One page of the flow search (sdk SearchFlowResponseBody): flow ids only. */
export interface FlowSearchPage {
  hasMore?: boolean;
  list: string[];
  nextCursor?: string;
  totalCount?: number;
}

/** What `GET /v1.0/ats/flows/{flowId}/info` returns (field names from VENDORS.md, UNCONFIRMED by any SDK edition). */
export interface DingTalkFlowInfo {
  flowId: string;
  candidateId?: string;
  currentStatus?: string;
  jobId?: string;
  sourceName?: string;
  createTime?: number;
}

/** The payload this connector stores for a poll-detected cancellation (kind `interview.cancelled`). */
export interface DingTalkCancelledPayload {
  /** The interview exactly as DingTalk returned it. */
  interview: DingTalkInterview;
  candidateId: string;
  jobTitle?: string;
  corpId?: string;
  /** When the poll first saw `cancelled: true` (ISO 8601). */
  detectedAt: string;
}

/** Body of `POST /v1.0/ats/interviews/query`. */
export interface InterviewQuery {
  candidateId: string;
  startTimeBeginMillis: number;
  startTimeEndMillis: number;
}

/** Body of `PUT /v1.0/ats/jobs/deliveryStatus` plus its `jobId` query parameter. */
export interface DeliveryStatusUpdate {
  jobId: string;
  deliverUserId: string;
  status: number;
  opTime: number;
  channelOuterId?: string;
  opUserId?: string;
}

/** One page of `GET /call_back/get_call_back_failed_result`: the `failed_list` items as returned, and `has_more`. */
export interface FailedPushPage {
  hasMore: boolean;
  items: Record<string, unknown>[];
}

/** A work notification to send with `asyncsend_v2`. */
export interface WorkNotification {
  agentId: number;
  userIds: string[];
  content: string;
}

/** What a write returned that is worth keeping on the receipt. */
export interface WriteResult {
  requestId?: string;
  taskId?: string;
}

/** Kind of the VendorEvent emitted by the poll for a cancelled interview. */
export const INTERVIEW_CANCELLED_KIND = 'interview.cancelled';
