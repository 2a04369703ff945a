import { randomBytes } from 'node:crypto';

/**
 * The simulator's errcodes. U8 answers HTTP 200 with `errcode` ≠ "0" and `errmsg` [Y6 callers, the official C# SDK's
 * `ApiResponse.IsError`]. Only 30021 此应用未上线 appears in Yonyou's published docs (the bgitem/get page's error
 * example); every other value is the simulator's choice, UNCONFIRMED, and the connector's errcode settings default
 * to these same values (connectors/yonyou/U8.md "Errors").
 */
export const U8_ERRCODES = {
  /** app_key unknown or app_secret wrong (token call). */
  credentials: '30001',
  /** token missing, unknown, expired, or of another app. */
  tokenInvalid: '30002',
  /** from_account does not own the app. */
  fromAccount: '30003',
  /** Documented: 此应用未上线. */
  appOffline: '30021',
  /** to_account has not granted this app access. */
  notAuthorized: '30022',
  /** tradeid unknown, of another app, or already used (a tradeid is single-use). */
  tradeidInvalid: '30031',
  /** tradeid and biz_id both present or both missing. */
  tradeKeyMissing: '30032',
  /** result requestid unknown. */
  requestUnknown: '30041',
  /** Throttled (only through injected faults; the simulator does not throttle by itself). */
  rateLimited: '30050',
  /** The enterprise's U8 open-platform client (proxy on the U8 server) is not running. */
  clientOffline: '30060',
  /** No such API. */
  unknownApi: '30404',
  /** A record with this code already exists in the resource. */
  duplicate: '20002',
  /** No record with this code (get). */
  notFound: '20001',
  /** The body misses the resource object or a required field. */
  invalidData: '20003',
} as const;

export interface U8ErrorBody {
  errcode: string;
  errmsg: string;
}

export function u8Error(errcode: string, errmsg: string): U8ErrorBody {
  return { errcode, errmsg };
}

/** Tokens, tradeids and request ids look like 32 lower-case hex characters in public callers' samples. */
export function u8Id(): string {
  return randomBytes(16).toString('hex');
}
