import type { BeisenAsyncRequests } from './beisen-async-requests';
import type { BeisenResult } from './beisen-envelope';
import type { BeisenTenant } from './beisen-tenant';
import type { BeisenSimulatorSettings } from './beisen.types';

/** One RecruitV6 call as a handler sees it: the token's tenant, the JSON body, the settings. */
export interface BeisenCall {
  tenant: BeisenTenant;
  body: Record<string, unknown>;
  settings: BeisenSimulatorSettings;
  asyncRequests: BeisenAsyncRequests;
}

export type BeisenHandler = (call: BeisenCall) => BeisenResult;

export const MAX_IDS = 100;

/** A list of ids from the body: undefined when the field is not an array of strings. */
export function idList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}
