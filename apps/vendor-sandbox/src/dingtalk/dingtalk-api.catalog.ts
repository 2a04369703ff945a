/** Which DingTalk API a request targets: drives throttling counters, error families and record kinds. */

export type DingtalkApiFamily = 'v1' | 'legacy';
export type DingtalkRecordKind = 'token' | 'query' | 'write' | 'notification' | 'push' | 'stream' | 'other';

export interface DingtalkApiEntry {
  /** SDK action name, or the oapi method name for legacy calls. */
  name: string;
  method: string;
  pattern: RegExp;
  family: DingtalkApiFamily;
  kind: DingtalkRecordKind;
}

export const DINGTALK_APIS: readonly DingtalkApiEntry[] = [
  { name: 'GetAccessToken', method: 'POST', pattern: /^\/v1\.0\/oauth2\/accessToken$/, family: 'v1', kind: 'token' },
  { name: 'gettoken', method: 'GET', pattern: /^\/gettoken$/, family: 'legacy', kind: 'token' },
  { name: 'QueryInterviews', method: 'POST', pattern: /^\/v1\.0\/ats\/interviews\/query$/, family: 'v1', kind: 'query' },
  { name: 'GetCandidateByPhoneNumber', method: 'GET', pattern: /^\/v1\.0\/ats\/candidates$/, family: 'v1', kind: 'query' },
  { name: 'GetJob', method: 'GET', pattern: /^\/v1\.0\/ats\/jobs\/[^/]+$/, family: 'v1', kind: 'query' },
  { name: 'GetFlowIdByRelationEntityId', method: 'GET', pattern: /^\/v1\.0\/ats\/flows\/ids$/, family: 'v1', kind: 'query' },
  { name: 'SearchFlow', method: 'POST', pattern: /^\/v1\.0\/ats\/flows\/search$/, family: 'v1', kind: 'query' },
  { name: 'GetFlowInfo', method: 'GET', pattern: /^\/v1\.0\/ats\/flows\/[^/]+\/info$/, family: 'v1', kind: 'query' },
  { name: 'UpdateJobDeliver', method: 'PUT', pattern: /^\/v1\.0\/ats\/jobs\/deliveryStatus$/, family: 'v1', kind: 'write' },
  {
    name: 'SyncInterviewInfoToAIInterviewAssistant',
    method: 'POST',
    pattern: /^\/v1\.0\/ats\/ai\/interview\/interviewInfos\/sync$/,
    family: 'v1',
    kind: 'write',
  },
  {
    name: 'corpconversation.asyncsend_v2',
    method: 'POST',
    pattern: /^\/topapi\/message\/corpconversation\/asyncsend_v2$/,
    family: 'legacy',
    kind: 'notification',
  },
  { name: 'OpenConnection', method: 'POST', pattern: /^\/v1\.0\/gateway\/connections\/open$/, family: 'v1', kind: 'stream' },
  { name: 'call_back.get_call_back_failed_result', method: 'GET', pattern: /^\/call_back\/get_call_back_failed_result$/, family: 'legacy', kind: 'query' },
];

export interface DingtalkRoute {
  /** Matched API, or undefined for an unknown path on a DingTalk origin. */
  api?: DingtalkApiEntry;
  family: DingtalkApiFamily;
  /** Name used for per-API counters; unknown paths count under `METHOD path`. */
  counterName: string;
  kind: DingtalkRecordKind;
}

/** True for any path DingTalk's two origins (api.dingtalk.com, oapi.dingtalk.com) would answer. */
export function isDingtalkPath(path: string): boolean {
  return path.startsWith('/v1.0/') || path.startsWith('/topapi/') || path.startsWith('/call_back/') || path === '/gettoken';
}

export function classifyDingtalkRequest(method: string, path: string): DingtalkRoute | undefined {
  if (!isDingtalkPath(path)) return undefined;
  const family: DingtalkApiFamily = path.startsWith('/v1.0/') ? 'v1' : 'legacy';
  const api = DINGTALK_APIS.find((entry) => entry.method === method.toUpperCase() && entry.pattern.test(path));
  if (api) return { api, family: api.family, counterName: api.name, kind: api.kind };
  return { family, counterName: `${method.toUpperCase()} ${path}`, kind: 'other' };
}
