/**
 * Seed block `kingdee.cosmic`: the simulated 金蝶云苍穹/星瀚 OpenAPI (connectors/kingdee/COSMIC.md).
 * Token and envelope shapes follow [K3] (增强型Token认证); the recruiting forms are the seed's own (Kingdee
 * publishes no recruitment object, VENDORS.md §3 "Open questions").
 */

/** A third-party app (第三方应用) registered in one data centre. */
export interface CosmicAppSeed {
  clientId: string;
  clientSecret: string;
  username: string;
  accountId: string;
  /** `x-acgw-identity` the gateway expects on business calls [K4]; unchecked when absent. */
  identity?: string;
}

/** One form (业务对象) reachable at `/kapi/v2/{isv}/{appId}/{formId}/{op}`. */
export interface CosmicFormSeed {
  /** Developer prefix; empty for Kingdee's own forms [K3 doc copy]. Default `""`. */
  isv?: string;
  appId: string;
  formId: string;
  /** Field a save dedups on (the caller's idempotency key); default none. */
  keyField?: string;
  /** Field set to the save time on every save; default `modifytime`. */
  modifyField?: string;
  rows?: Record<string, unknown>[];
}

export interface CosmicSettings {
  /** `expires_in` of a token, in ms (7199977 in the doc example [K3]). */
  tokenTtlMs: number;
  /** getToken calls per client_id per minute [K3: 1分钟30次]. */
  tokenCallsPerMinute: number;
  /** Allowed clock skew of `timestamp` [K3: 当前时间前后5分钟]. */
  timestampWindowMs: number;
  /** Refusal of the 31st call in a minute: not documented (UNCONFIRMED), so both parts are settings. */
  tokenLimitStatus: number;
  tokenLimitErrorCode: string;
  /** Answer to a business call with an unknown or expired token (UNCONFIRMED: callers see HTTP 200 + errorCode 401). */
  authErrorStatus: number;
  authErrorCode: string;
  maxPageSize: number;
  /** Most bills one `save` takes; a larger `data` is refused whole (HTTP 200, errorCode 603). Cosmic's limit and refusal are UNCONFIRMED. */
  maxSaveRows: number;
}

export interface KingdeeCosmicSeed {
  comment?: string | string[];
  apps?: CosmicAppSeed[];
  forms?: CosmicFormSeed[];
  settings?: Partial<CosmicSettings>;
}

export const DEFAULT_COSMIC_SETTINGS: CosmicSettings = {
  tokenTtlMs: 7_200_000,
  tokenCallsPerMinute: 30,
  timestampWindowMs: 5 * 60_000,
  tokenLimitStatus: 429,
  tokenLimitErrorCode: '429',
  authErrorStatus: 200,
  authErrorCode: '401',
  maxPageSize: 1000,
  maxSaveRows: 200,
};

/** The envelope of every answer [K3]. */
export interface CosmicEnvelope {
  data: unknown;
  errorCode: string;
  message: string;
  status: boolean;
}

export function ok(data: unknown, message = ''): CosmicEnvelope {
  return { data, errorCode: '0', message, status: true };
}

export function fail(errorCode: string, message: string): CosmicEnvelope {
  return { data: null, errorCode, message, status: false };
}
