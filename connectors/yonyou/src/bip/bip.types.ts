/** Shapes of the YonBIP wire format this connector reads and writes (BIP.md "Vendor API as implemented"). */

/** Where a tenant's open platform lives (§1 gateway lookup, or the explicit settings). */
export interface BipBaseUrls {
  gatewayUrl: string;
  tokenUrl: string;
}

/** One row of `POST /yonbip/hrcloud/hrcandidate/list` (`data.recordList[]`); other fields are kept as received. */
export type BipCandidateRow = Record<string, unknown> & { id: string };

/** One page of the candidate list. */
export interface BipCandidatePage {
  pageIndex: number;
  pageCount?: number;
  recordCount?: number;
  rows: BipCandidateRow[];
}

/** The candidate detail (`getGlobalCandidateDetail` `data`), with the tenant's custom fields, as received. */
export type BipCandidateDetail = Record<string, unknown> & { id: string };

/** A 面试取消申请 and its approval trail (§6, UNCONFIRMED endpoint), as received. */
export type BipApprovalTrail = Record<string, unknown>;

/** Which cancelled state a candidate is in: its candidate `status` or its hiring-form `billstate`. */
export interface BipCancelledState {
  kind: 'status' | 'billstate';
  value: string;
}

/** Kind of the inbox event a poll stores for a cancelled candidate. */
export const CANDIDATE_CANCELLED_KIND = 'yonyou.candidate.cancelled';
/** Kind prefix of open-platform pushes (`push:STAFF_UPDATE`) and event-center deliveries (`event-center:<eventType>`). */
export const PUSH_KIND_PREFIX = 'push:';
export const EVENT_CENTER_KIND_PREFIX = 'event-center:';

/** Payload of a `yonyou.candidate.cancelled` event: everything `parse` needs, read from the API by the poll. */
export interface BipCancelledPayload {
  candidate: BipCandidateDetail;
  state: BipCancelledState;
  /** The candidate's last-modified time as YonBIP wrote it (tenant time zone), when it gave one. */
  modifiedAt?: string;
  approval?: BipApprovalTrail;
  /** Why the approval trail is missing although the candidate names a 面试取消申请 (the endpoint refused). */
  approvalUnavailable?: string;
  /** When the hub first saw the cancellation (ISO); the inbox keeps the first detection. */
  detectedAt: string;
}

/** What a business write answered: a repeated `resubmitCheckKey` may be answered with a duplicate code. */
export interface BipWriteResult {
  duplicate: boolean;
  data: unknown;
}
