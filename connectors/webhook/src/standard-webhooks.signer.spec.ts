import { WebhookRejectedError } from '@hub/connector-sdk';
import {
  decodeWebhookSecret,
  generateWebhookSecret,
  signPayload,
  StandardWebhookVerificationError,
  verifySignature,
  type StandardWebhookFailure,
  type VerifySignatureInput,
} from './standard-webhooks.signer';

// The published vector of the Standard Webhooks reference libraries ("sign function works").
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  msgId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR = new Date(VECTOR.timestamp * 1000);

function vectorInput(overrides: Partial<VerifySignatureInput> = {}): VerifySignatureInput {
  return {
    secret: VECTOR.secret,
    body: VECTOR.body,
    now: AT_VECTOR,
    headers: { 'webhook-id': VECTOR.msgId, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature },
    ...overrides,
  };
}

function failureOf(input: VerifySignatureInput): { failure: StandardWebhookFailure; message: string } {
  try {
    verifySignature(input);
  } catch (e) {
    if (e instanceof StandardWebhookVerificationError) return { failure: e.failure, message: e.message };
    throw e;
  }
  throw new Error('expected verification to fail');
}

describe('standard webhooks signer', () => {
  it('reproduces the published test vector', () => {
    expect(signPayload(VECTOR)).toBe(VECTOR.signature);
    expect(signPayload({ ...VECTOR, body: Buffer.from(VECTOR.body) })).toBe(VECTOR.signature);
    expect(signPayload({ ...VECTOR, secret: VECTOR.secret.slice('whsec_'.length) })).toBe(VECTOR.signature);
  });

  it('verifies the published test vector', () => {
    expect(verifySignature(vectorInput())).toEqual({ msgId: VECTOR.msgId, timestamp: VECTOR.timestamp });
  });

  it('generates whsec_ secrets of 32 random bytes', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeWebhookSecret(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('round-trips a generated secret, including UTF-8 bodies and header names in any case', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ type: 'interview.cancelled', data: { name: '张三', reason: '原因:时间冲突' } });
    const now = new Date('2024-05-01T08:00:00Z');
    const timestamp = Math.floor(now.getTime() / 1000);
    const signature = signPayload({ secret, msgId: 'dlv_01HX', timestamp, body });
    const headers = { 'Webhook-Id': 'dlv_01HX', 'WEBHOOK-TIMESTAMP': String(timestamp), 'webhook-signature': signature };
    expect(verifySignature({ secret, headers, body: Buffer.from(body, 'utf8'), now })).toEqual({ msgId: 'dlv_01HX', timestamp });
  });

  it('rejects a wrong secret and an altered body', () => {
    const wrong = failureOf(vectorInput({ secret: generateWebhookSecret() }));
    expect(wrong).toEqual({ failure: 'no_matching_signature', message: expect.stringContaining('no v1 signature') });
    expect(failureOf(vectorInput({ body: '{"test": 2432232315}' })).failure).toBe('no_matching_signature');
  });

  it('accepts any matching entry of a space-delimited list (secret rotation)', () => {
    const other = signPayload({ ...VECTOR, secret: generateWebhookSecret() });
    const list = [other, 'v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw==', 'v2,whatever', VECTOR.signature].join(' ');
    expect(verifySignature(vectorInput({ headers: { 'webhook-id': VECTOR.msgId, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': list } }))).toEqual({
      msgId: VECTOR.msgId,
      timestamp: VECTOR.timestamp,
    });
    const onlyOthers = [other, 'v1,' + VECTOR.signature.slice(3, 20), 'v2,' + VECTOR.signature.slice(3)].join(' ');
    expect(
      failureOf(vectorInput({ headers: { 'webhook-id': VECTOR.msgId, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': onlyOthers } })).failure,
    ).toBe('no_matching_signature');
  });

  it('accepts timestamps within tolerance and rejects stale and future ones with distinct messages', () => {
    const at = (offsetSeconds: number) => new Date((VECTOR.timestamp + offsetSeconds) * 1000);
    expect(() => verifySignature(vectorInput({ now: at(300) }))).not.toThrow();
    expect(() => verifySignature(vectorInput({ now: at(-300) }))).not.toThrow();

    const stale = failureOf(vectorInput({ now: at(301) }));
    expect(stale.failure).toBe('timestamp_too_old');
    expect(stale.message).toMatch(/301s in the past, beyond the 300s tolerance/);

    const future = failureOf(vectorInput({ now: at(-301) }));
    expect(future.failure).toBe('timestamp_too_new');
    expect(future.message).toMatch(/301s in the future, beyond the 300s tolerance/);

    expect(failureOf(vectorInput({ now: at(61), toleranceSeconds: 60 })).failure).toBe('timestamp_too_old');
    expect(() => verifySignature(vectorInput({ now: at(3600), toleranceSeconds: 7200 }))).not.toThrow();
  });

  it('rejects missing headers and malformed timestamps, each with its own message', () => {
    const full = vectorInput().headers;
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const headers = { ...full, [name]: undefined };
      expect(failureOf(vectorInput({ headers }))).toEqual({ failure: 'missing_header', message: `missing ${name} header` });
    }
    const bad = failureOf(vectorInput({ headers: { ...full, 'webhook-timestamp': '1614265330.5' } }));
    expect(bad).toEqual({ failure: 'invalid_timestamp', message: 'webhook-timestamp "1614265330.5" is not an integer number of seconds' });
  });

  it('maps failures onto the SDK rejection taxonomy with HTTP statuses', () => {
    try {
      verifySignature(vectorInput({ now: new Date((VECTOR.timestamp + 1000) * 1000) }));
      throw new Error('expected a rejection');
    } catch (e) {
      expect(e).toBeInstanceOf(WebhookRejectedError);
      expect(e).toMatchObject({ reason: 'stale_timestamp', httpStatus: 401 });
    }
    try {
      verifySignature(vectorInput({ headers: {} }));
      throw new Error('expected a rejection');
    } catch (e) {
      expect(e).toMatchObject({ reason: 'missing_parameter', httpStatus: 400 });
    }
  });

  it('refuses malformed secrets and message ids it must not sign', () => {
    expect(() => decodeWebhookSecret('whsec_short')).toThrow(/base64 of 24-64 bytes/);
    expect(() => decodeWebhookSecret('whsec_not base64 at all, really not base64!!')).toThrow(/base64/);
    expect(() => signPayload({ ...VECTOR, msgId: 'msg.1' })).toThrow(/without "\."/);
    expect(() => signPayload({ ...VECTOR, msgId: 'msg\r\nx: y' })).toThrow(/printable ASCII/);
    expect(() => signPayload({ ...VECTOR, timestamp: 1.5 })).toThrow(/integer number of seconds/);
  });
});
