/**
 * The simulated NC (用友 NC / NC Cloud) serves one custom uapws interface, as a tenant's own development would publish
 * it: every operation takes strings and answers a JSON string in `<return>` (connectors/yonyou/NC.md "Demo interface").
 */

/** Java interface FQN of the demo interface; NC publishes it at `/uapws/service/<FQN>` [Y7; NC.md]. */
export const NC_DEMO_INTERFACE = 'nc.itf.hr.recruit.IInterviewSyncService';

/** Where NC's uapws servlet publishes services [Y7]. */
export const NC_SERVICE_PATH = '/uapws/service';

/** The demo interface's write operations: arg0 = the hub's payload JSON, arg1 = the idempotency key. */
export const NC_WRITE_OPERATIONS = ['syncInterviewCancel', 'archiveInterview', 'tagCandidate'] as const;
export type NcWriteOperation = (typeof NC_WRITE_OPERATIONS)[number];

/** The demo interface's query: arg0 = `{since, pageNo, pageSize, candidateIds}` JSON. */
export const NC_QUERY_OPERATION = 'queryCancelledInterviews';

/** A cancelled interview as the demo query returns it (NC-style column names: `pk_…`, `ts`). */
export interface NcCancelledInterview {
  pk_interview: string;
  pk_candidate: string;
  candidate_name?: string;
  mobile?: string;
  email?: string;
  /** `yyyy-MM-dd HH:mm:ss`, server time (+08:00), as NC writes UFDateTime. */
  interview_time?: string;
  interview_endtime?: string;
  pk_job?: string;
  job_name?: string;
  interviewers?: { code?: string; name?: string }[];
  round?: number;
  cancel_reason?: string;
  cancel_memo?: string;
  canceller?: string;
  canceller_code?: string;
  cancel_time?: string;
  /** Last change, `yyyy-MM-dd HH:mm:ss`; the query returns rows with `ts >= since`. */
  ts: string;
}

/** Initial state of the NC simulator (seed block `yonyou.nc`). */
export interface YonyouNcSeed {
  comment?: string | string[];
  /** When set, every call must carry this WS-Security UsernameToken (PasswordText), as uapws "要求认证授权" asks. */
  security?: { username: string; password: string };
  /** Answered in every response's `{http://ws.uap.nc/lang}Urc` header, as NC does. */
  urc?: { datasource?: string; userCode?: string; langCode?: string };
  /** `ts` and `cancel_time` default to the time the seed is loaded, so a first poll (one day back) finds them. */
  cancelledInterviews?: (Omit<NcCancelledInterview, 'ts'> & { ts?: string })[];
}

/** One write the simulator applied (the first call with its idempotency key). */
export interface NcAppliedWrite {
  id: string;
  operation: NcWriteOperation;
  idempotencyKey: string;
  /** arg0 as parsed JSON. */
  data: Record<string, unknown>;
  at: string;
  /** The `<return>` JSON the first call got; a repeat gets the same. */
  answer: NcAnswer;
}

/** The JSON the demo interface returns in `<return>` (the shape NC custom interfaces commonly use [NC.md]). */
export interface NcAnswer {
  success: boolean;
  code: string;
  message: string;
  data?: unknown;
}

/** Faults on demand (`POST /_sandbox/yonyou/nc/faults`). */
export const NC_FAULT_KINDS = ['soapFault', 'http', 'slow', 'loseAnswer'] as const;
export type NcFaultKind = (typeof NC_FAULT_KINDS)[number];

export interface NcFault {
  id: number;
  kind: NcFaultKind;
  /** Operation name or `*`. */
  operation: string;
  /** soapFault: `soap:Client`, `soap:Server`, … (a bare `Client`/`Server` gets the `soap:` prefix). */
  faultcode: string;
  faultstring: string;
  /** http: the status and body answered instead of SOAP. */
  status: number;
  body: string;
  headers: Record<string, string>;
  /** Wait before answering (any kind; `slow` is only this, then the normal answer). */
  delayMs: number;
  remaining: number;
  served: number;
}
