/**
 * The one error taxonomy. Every connector maps its vendor's errors onto these kinds; the worker's
 * single failure policy decides retry, token refresh, parking or dead-lettering from the kind alone.
 */
export type ConnectorErrorKind = 'RATE_LIMITED' | 'AUTH_EXPIRED' | 'TEMPORARY' | 'NOT_FOUND' | 'INVALID' | 'PERMANENT';

export interface ConnectorErrorDetails {
  vendorCode?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  /**
   * The request may have reached the vendor and been applied although no answer came back (a timeout or
   * a connection reset after sending). The hub never repeats an `unsafe` effect after such an error blindly.
   */
  ambiguous?: boolean;
  /** The target said it no longer wants anything sent to it (HTTP 410 Gone): the hub disables the subscription. */
  gone?: boolean;
}

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: ConnectorErrorDetails = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
  }

  /** Whether trying the same call again later can succeed. */
  get retryable(): boolean {
    return this.kind === 'RATE_LIMITED' || this.kind === 'AUTH_EXPIRED' || this.kind === 'TEMPORARY';
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}

/** Why an inbound webhook was refused; kept on the inbox record and answered with `httpStatus`. */
export type WebhookRejectionReason =
  | 'missing_parameter'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'owner_key_mismatch'
  | 'bad_ciphertext'
  | 'malformed_body'
  | 'body_too_large'
  | 'unknown_tenant'
  | 'unknown_connection'
  | 'unsupported';

export class WebhookRejectedError extends Error {
  constructor(
    readonly reason: WebhookRejectionReason,
    message: string,
    readonly httpStatus: number = 400,
  ) {
    super(message);
    this.name = 'WebhookRejectedError';
  }
}
