/**
 * Where the simulated YonBIP lives on the sandbox origin. The gateway lookup answers `tokenUrl = <origin>/iuap-api-auth`
 * and `gatewayUrl = <origin>/iuap-api-gateway`, the shape real data centres have [Y3 callers, probe].
 */

export const BIP_VENDOR = 'yonyou-bip';
export const BIP_AUTH_PREFIX = '/iuap-api-auth';
export const BIP_GATEWAY_PREFIX = '/iuap-api-gateway';

export const BIP_PATHS = {
  gatewayLookup: '/open-auth/dataCenter/getGatewayAddress',
  token: '/open-auth/selfAppAuth/base/v1/getAccessToken',
  /** Before 2023-07 [Y2]. */
  legacyToken: '/open-auth/selfAppAuth/getAccessToken',
  candidateList: '/yonbip/hrcloud/hrcandidate/list',
  candidateDetail: '/yonbip/hrcloud/HRCloud/getGlobalCandidateDetail',
  updateCandidate: '/yonbip/hrcloud/updateCandidate',
  insertCandidate: '/yonbip/hrcloud/insertGlobalCandidate',
} as const;

export type BipRecordKind = 'lookup' | 'token' | 'query' | 'write' | 'tenant-api' | 'other';

const NAMED: ReadonlyArray<{ path: string; api: string; kind: BipRecordKind }> = [
  { path: BIP_PATHS.gatewayLookup, api: 'getGatewayAddress', kind: 'lookup' },
  { path: `${BIP_AUTH_PREFIX}${BIP_PATHS.token}`, api: 'getAccessToken', kind: 'token' },
  { path: `${BIP_AUTH_PREFIX}${BIP_PATHS.legacyToken}`, api: 'getAccessToken(legacy)', kind: 'token' },
  { path: `${BIP_GATEWAY_PREFIX}${BIP_PATHS.candidateList}`, api: 'hrcandidate/list', kind: 'query' },
  { path: `${BIP_GATEWAY_PREFIX}${BIP_PATHS.candidateDetail}`, api: 'getGlobalCandidateDetail', kind: 'query' },
  { path: `${BIP_GATEWAY_PREFIX}${BIP_PATHS.updateCandidate}`, api: 'updateCandidate', kind: 'write' },
  { path: `${BIP_GATEWAY_PREFIX}${BIP_PATHS.insertCandidate}`, api: 'insertGlobalCandidate', kind: 'write' },
];

/** Which simulated YonBIP API a path is; undefined when the path is not YonBIP's. */
export function classifyBipRequest(path: string): { api?: string; kind: BipRecordKind } | undefined {
  const named = NAMED.find((entry) => entry.path === path);
  if (named) return { api: named.api, kind: named.kind };
  if (path.startsWith(`${BIP_GATEWAY_PREFIX}/`)) return { api: path.slice(BIP_GATEWAY_PREFIX.length), kind: 'tenant-api' };
  if (path.startsWith(`${BIP_AUTH_PREFIX}/`)) return { kind: 'other' };
  return undefined;
}
