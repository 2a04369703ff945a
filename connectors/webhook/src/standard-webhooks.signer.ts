import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WebhookRejectedError } from '@hub/connector-sdk';

/**
 * Symmetric signing per the Standard Webhooks specification v1.0.0
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * HMAC-SHA256 over `{msg_id}.{timestamp}.{payload}`, keyed with the base64-decoded secret,
 * sent as `v1,<base64>` in the space-delimited `webhook-signature` header.
 */

/** Prefix that marks a serialized symmetric Standard Webhooks secret. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** The three header names the specification fixes (lower-case, as node delivers them). */
export const STANDARD_WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** Default replay window for receivers, in seconds (five minutes, as the reference libraries use). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SIGNATURE_VERSION = 'v1';
// The spec asks for 24 to 64 random bytes (192 to 512 bits).
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// Printable ASCII without '.', so the id can neither break the header nor shift the signed content.
const MSG_ID = /^[\x21-\x2d\x2f-\x7e]+$/;

/** Returns a fresh secret: `whsec_` followed by base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * Decodes a secret into HMAC key bytes. Accepts it with or without the `whsec_` prefix, like the
 * reference libraries; throws when it is not base64 of 24 to 64 bytes.
 */
export function decodeWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  const key = BASE64.test(encoded) && encoded.length % 4 === 0 ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length < MIN_SECRET_BYTES || key.length > MAX_SECRET_BYTES) {
    throw new Error(`webhook secret must be "${WEBHOOK_SECRET_PREFIX}" + base64 of ${MIN_SECRET_BYTES}-${MAX_SECRET_BYTES} bytes`);
  }
  return key;
}

/** What one signature covers. `body` must be the exact bytes sent (or received). */
export interface SignPayloadInput {
  /** `whsec_…` secret of the subscription. */
  secret: string;
  /** The `webhook-id`: stable across retries of one message; must not contain `.`. */
  msgId: string;
  /** The `webhook-timestamp` of this attempt, in whole seconds since the epoch. */
  timestamp: number;
  body: string | Buffer;
}

/** Computes the `v1,<base64 HMAC-SHA256>` signature of one attempt. */
export function signPayload({ secret, msgId, timestamp, body }: SignPayloadInput): string {
  if (!MSG_ID.test(msgId)) throw new Error(`webhook-id "${msgId}" must be printable ASCII without "." or spaces`);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new Error(`webhook-timestamp ${timestamp} must be a non-negative integer number of seconds`);
  }
  const digest = createHmac('sha256', decodeWebhookSecret(secret))
    .update(`${msgId}.${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('base64');
  return `${SIGNATURE_VERSION},${digest}`;
}

/** Why a receiver refused a delivery; `reason`/`httpStatus` follow the SDK's rejection taxonomy. */
export type StandardWebhookFailure =
  | 'missing_header'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature';

/** Thrown by {@link verifySignature}; `failure` says precisely which check failed. */
export class StandardWebhookVerificationError extends WebhookRejectedError {
  constructor(
    readonly failure: StandardWebhookFailure,
    message: string,
  ) {
    super(
      failure === 'no_matching_signature' ? 'bad_signature' : failure.startsWith('timestamp_') ? 'stale_timestamp' : 'missing_parameter',
      message,
      failure === 'missing_header' || failure === 'invalid_timestamp' ? 400 : 401,
    );
    this.name = 'StandardWebhookVerificationError';
  }
}

/** Header values as node's `IncomingMessage.headers` or a plain record hold them; names are matched case-insensitively. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** What a receiver checks. `body` must be the raw bytes received, never re-serialized JSON. */
export interface VerifySignatureInput {
  secret: string;
  headers: WebhookHeaders;
  body: string | Buffer;
  /** Allowed clock difference in either direction, in seconds; default 300. */
  toleranceSeconds?: number;
  /** The receiver's clock; default now. */
  now?: Date;
}

/** The authenticated metadata of a verified delivery. */
export interface VerifiedSignature {
  msgId: string;
  timestamp: number;
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(' ');
  }
  return undefined;
}

function requireHeader(headers: WebhookHeaders, name: string): string {
  const value = header(headers, name)?.trim();
  if (!value) throw new StandardWebhookVerificationError('missing_header', `missing ${name} header`);
  return value;
}

/**
 * Verifies a Standard Webhooks delivery: headers present, timestamp within tolerance, and at least
 * one `v1` entry of the space-delimited signature list matching (constant-time compare), so secret
 * rotation works. Throws {@link StandardWebhookVerificationError}; a malformed secret throws `Error`.
 */
export function verifySignature(input: VerifySignatureInput): VerifiedSignature {
  const { secret, headers, body, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = new Date() } = input;
  decodeWebhookSecret(secret);
  const msgId = requireHeader(headers, STANDARD_WEBHOOK_HEADERS.id);
  const rawTimestamp = requireHeader(headers, STANDARD_WEBHOOK_HEADERS.timestamp);
  const signatures = requireHeader(headers, STANDARD_WEBHOOK_HEADERS.signature);

  const timestamp = /^\d{1,15}$/.test(rawTimestamp) ? Number(rawTimestamp) : NaN;
  if (Number.isNaN(timestamp)) {
    throw new StandardWebhookVerificationError('invalid_timestamp', `webhook-timestamp "${rawTimestamp}" is not an integer number of seconds`);
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (timestamp < nowSeconds - toleranceSeconds) {
    throw new StandardWebhookVerificationError(
      'timestamp_too_old',
      `webhook-timestamp ${timestamp} is ${nowSeconds - timestamp}s in the past, beyond the ${toleranceSeconds}s tolerance (stale or replayed message)`,
    );
  }
  if (timestamp > nowSeconds + toleranceSeconds) {
    throw new StandardWebhookVerificationError(
      'timestamp_too_new',
      `webhook-timestamp ${timestamp} is ${timestamp - nowSeconds}s in the future, beyond the ${toleranceSeconds}s tolerance (check the clocks)`,
    );
  }

  let expected: Buffer;
  try {
    expected = Buffer.from(signPayload({ secret, msgId, timestamp, body }), 'utf8');
  } catch {
    throw new StandardWebhookVerificationError('no_matching_signature', `webhook-id "${msgId}" cannot have been signed`);
  }
  const matched = signatures
    .split(' ')
    .filter((entry) => entry.startsWith(`${SIGNATURE_VERSION},`))
    .some((entry) => {
      const candidate = Buffer.from(entry, 'utf8');
      return candidate.length === expected.length && timingSafeEqual(candidate, expected);
    });
  if (!matched) {
    throw new StandardWebhookVerificationError('no_matching_signature', 'no v1 signature in webhook-signature matches (wrong secret or altered body)');
  }
  return { msgId, timestamp };
}
