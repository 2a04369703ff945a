/** An app of the U8 open platform (开放平台 应用) and the enterprise accounts (to_account) that granted it access. */
export interface U8SeedApp {
  /** 调用方 id (`from_account`). */
  fromAccount: string;
  appKey: string;
  appSecret: string;
  /** 提供方 ids (`to_account`) whose U8 this app may call. */
  toAccounts: string[];
  /** `false`: business calls answer 30021 此应用未上线 (the one errcode found in Yonyou's docs). Default true. */
  online?: boolean;
}

/**
 * A U8 resource (`/api/<name>/add|get`). U8 has no recruiting object: tenants map the hub's effects onto an archive
 * they create (e.g. a 自定义档案), so the simulator serves whatever resources the seed names.
 */
export interface U8SeedResource {
  name: string;
  /** The archive code field: unique per resource, the `id` of `/get` and the `id` an add answers. Default `code`. */
  keyField?: string;
  /** Fields an add must carry non-empty (besides the key field). */
  required?: string[];
}

export interface U8SeedRecord {
  resource: string;
  fields: Record<string, string>;
}

/** How an asynchronous add (`sync=0`) ends: after `pendingPolls` result polls that still answer "pending". */
export interface U8AsyncPlan {
  pendingPolls: number;
  outcome: 'success' | 'fail';
  /** errcode/errmsg of a failed result. */
  errcode?: string;
  errmsg?: string;
}

export interface U8SimulatorSettings {
  tokenTtlSeconds: number;
  /** `ping_after` of accepted async adds (the official SDK sleeps this many seconds before each result poll). */
  pingAfterSeconds: number;
  /** Plan of async adds when no queued plan is left. */
  async: U8AsyncPlan;
  /** `false`: the enterprise's 开放平台客户端 (the proxy on the U8 server) is offline; business calls answer 30060. */
  clientOnline: boolean;
}

/** Initial state of the Yonyou U8 simulator (seed block `yonyou.u8`). */
export interface YonyouU8Seed {
  comment?: string | string[];
  apps?: U8SeedApp[];
  resources?: U8SeedResource[];
  records?: U8SeedRecord[];
  settings?: Partial<Omit<U8SimulatorSettings, 'async'>> & { async?: Partial<U8AsyncPlan> };
}

/** A record a resource holds. */
export interface U8StoredRecord {
  resource: string;
  /** The key field's value (the archive code). */
  key: string;
  fields: Record<string, string>;
  tradeid?: string;
  bizId?: string;
  requestid?: string;
  createdAt: number;
}

export type U8RequestState = 'pending' | 'done' | 'failed';

/** One add the simulator accepted, with the answer its result URL gives once it is no longer pending. */
export interface U8AddRequest {
  requestid: string;
  resource: string;
  appKey: string;
  key: string;
  fields: Record<string, string>;
  tradeid?: string;
  bizId?: string;
  plan: U8AsyncPlan;
  state: U8RequestState;
  /** Result polls received so far. */
  polls: number;
  /** The final answer (errcode 0 with id and tradeid, or the failure). */
  final?: Record<string, unknown>;
  createdAt: number;
}
