/** Seed of the K/3 Cloud simulator (`seed.kingdee.k3`). */
export interface K3Seed {
  accounts?: K3Account[];
  /** Seeded forms by FormId: the field that keys an idempotent save, and the rows. */
  forms?: Record<string, { keyField?: string; rows?: Record<string, unknown>[] }>;
  settings?: Partial<K3SimulatorSettings>;
}

export interface K3Account {
  acctId: string;
  user: string;
  appId: string;
  appSecret: string;
  /** Gateway secret of the stateless signed-header mode (its derivation from the appId is UNCONFIRMED). */
  gwSecret?: string;
}

export interface K3SimulatorSettings {
  /** LoginBySign digest: SHA-256 since ~8.0.0.202205, SHA-1 before [K1]. */
  signAlgorithm: 'sha256' | 'sha1';
  /** How a call on a lost session is answered (UNCONFIRMED, K3.md): a ResponseStatus with MsgCode 1, or HTTP 401. */
  lostSession: 'msgCode' | 'http401';
  /** Largest Limit ExecuteBillQuery honours (UNCONFIRMED; one client pages by 1000). */
  maxLimit: number;
  /**
   * A Save without FID whose key field value a row already holds: `refuse` answers a row error as K/3 does for a
   * duplicate bill number; `merge` overwrites that row (a lenient upsert).
   */
  duplicateKey: 'refuse' | 'merge';
  /** LoginBySign timestamps further than this from now are refused. */
  signWindowSeconds: number;
  /** Most models a BatchSave accepts (K/3 states none: UNCONFIRMED); a larger one is refused as a whole. */
  maxBatchRows: number;
}

export const DEFAULT_K3_SETTINGS: K3SimulatorSettings = { signAlgorithm: 'sha256', lostSession: 'msgCode', maxLimit: 2000, duplicateKey: 'refuse', signWindowSeconds: 300, maxBatchRows: 1000 };

export interface K3Form {
  keyField: string;
  rows: Record<string, unknown>[];
}

/** One armed per-row save error: rows whose `field` (default the form's key field) has `key` fail with `message`, `times` times. */
export interface K3RowError {
  formId: string;
  key: string;
  field?: string;
  message: string;
  fieldName?: string;
  times: number;
}
