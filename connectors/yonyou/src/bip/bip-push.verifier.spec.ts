import { computeSignature, decryptMessage, encryptMessage, WebhookRejectedError, type Connection, type RawWebhook } from '@hub/connector-sdk';
import { aesKeyFromSecret } from './bip-push-secrets';
import { verifyBipWebhook } from './bip-webhook.verifier';

const NOW = 1_700_000_000_000;
const SECRET = 'pushSecret-1';
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OWNER = 'app-key-1';

function conn(settings: Record<string, unknown> = {}, credentials: Record<string, string> = { pushSecret: SECRET, aesKey: AES, ownerKey: OWNER }): Connection {
  return { tenantId: 't1', id: 'yonyou-main', connector: 'yonyou', credentials: { appKey: OWNER, appSecret: 'app-secret', ...credentials }, settings };
}

interface PushOptions {
  msg?: string;
  ts?: number;
  owner?: string;
  secret?: string;
  aes?: string;
  body?: Record<string, unknown>;
}

function push(o: PushOptions = {}): RawWebhook {
  const encrypt = encryptMessage(o.msg ?? JSON.stringify({ type: 'STAFF_UPDATE', eventId: 'ev-1', tenantId: 'tnt', staffId: ['s1'] }), o.aes ?? AES, o.owner ?? OWNER);
  const timestamp = o.ts ?? NOW;
  const nonce = 'uM48M4qajlEtVCz4';
  const body = { msgSignature: computeSignature(o.secret ?? SECRET, String(timestamp), nonce, encrypt), timestamp, nonce, encrypt, ...o.body };
  return { query: {}, headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(JSON.stringify(body)), receivedAt: new Date(NOW) };
}

async function rejection(p: Promise<unknown>): Promise<WebhookRejectedError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WebhookRejectedError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('open-platform push verification', () => {
  it('accepts a signed push (timestamp a JSON number) and stores the exact plaintext under its eventId', async () => {
    const msg = JSON.stringify({ type: 'STAFF_UPDATE', eventId: 'ev-9', tenantId: 'tnt', staffId: ['s1'] });
    const result = await verifyBipWebhook(push({ msg }), conn(), NOW);
    expect(result.handshake).toBe(false);
    expect(result.events).toEqual([{ externalEventId: 'ev-9', kind: 'push:STAFF_UPDATE', mode: 'webhook', payload: msg }]);
  });

  it('keys a push without eventId by the SHA-256 of its plaintext, the same every time', async () => {
    const msg = JSON.stringify({ type: 'DEPT_ADD', tenantId: 'tnt' });
    const a = await verifyBipWebhook(push({ msg }), conn(), NOW);
    const b = await verifyBipWebhook(push({ msg }), conn(), NOW);
    expect(a.events[0].externalEventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.events[0].externalEventId).toBe(a.events[0].externalEventId);
  });

  it('answers CHECK_URL as a handshake with the plain "success" of the official demos (default)', async () => {
    const result = await verifyBipWebhook(push({ msg: JSON.stringify({ type: 'CHECK_URL', eventId: 'c', tenantId: 'tnt' }) }), conn(), NOW);
    expect(result).toEqual({ events: [], handshake: true, reply: { status: 200, contentType: 'text/plain', body: 'success' } });
  });

  it('answers the encrypted "success" with pushReply: encrypted, signed over its own values', async () => {
    const { reply } = await verifyBipWebhook(push(), conn({ pushReply: 'encrypted' }), NOW);
    const body = JSON.parse(reply.body) as { msgSignature: string; timestamp: number; nonce: string; encrypt: string };
    expect(reply.contentType).toBe('application/json');
    expect(body.timestamp).toBe(NOW);
    expect(body.msgSignature).toBe(computeSignature(SECRET, String(NOW), body.nonce, body.encrypt));
    expect(decryptMessage(body.encrypt, AES, OWNER)).toBe('success');
  });

  it('defaults to the self-built app demo: appSecret signs, the AES key comes from appSecret, the owner is appKey', async () => {
    const appSecret = 'a1b2c3d4-e5f6-7890-abcd-ef0123456789';
    expect(aesKeyFromSecret(appSecret)).toBe('a1b2c3d4e5f67890abcdef01234567890000000000'.padEnd(43, '0'));
    const c = conn({}, { appSecret, appKey: 'ak-self' });
    const result = await verifyBipWebhook(push({ secret: appSecret, aes: aesKeyFromSecret(appSecret), owner: 'ak-self' }), c, NOW);
    expect(result.events).toHaveLength(1);
  });

  it.each([
    ['a wrong signature', push({ secret: 'other-secret' }), 'bad_signature', 401],
    ['another app’s owner key', push({ owner: 'someone-else' }), 'owner_key_mismatch', 401],
    ['garbage ciphertext (signed)', push({ body: { encrypt: 'bm90IGEgY2lwaGVydGV4dA==', msgSignature: computeSignature(SECRET, String(NOW), 'uM48M4qajlEtVCz4', 'bm90IGEgY2lwaGVydGV4dA==') } }), 'bad_ciphertext', 400],
    ['a stale timestamp (signed)', push({ ts: NOW - 301_000 }), 'stale_timestamp', 401],
    ['a timestamp from the future', push({ ts: NOW + 301_000 }), 'stale_timestamp', 401],
    ['a missing nonce', push({ body: { nonce: undefined } }), 'missing_parameter', 400],
    ['a missing msgSignature', push({ body: { msgSignature: '' } }), 'missing_parameter', 400],
    ['a plaintext without type', push({ msg: JSON.stringify({ eventId: 'x' }) }), 'malformed_body', 400],
  ])('refuses %s', async (_what, req, reason, status) => {
    const e = await rejection(verifyBipWebhook(req, conn(), NOW));
    expect([e.reason, e.httpStatus]).toEqual([reason, status]);
  });

  it('refuses a body that is not JSON, and accepts any age with replayWindowSeconds: 0', async () => {
    const e = await rejection(verifyBipWebhook({ query: {}, headers: {}, rawBody: Buffer.from('msgSignature=x'), receivedAt: new Date(NOW) }, conn(), NOW));
    expect(e.reason).toBe('malformed_body');
    expect((await verifyBipWebhook(push({ ts: NOW - 86_400_000 }), conn({ replayWindowSeconds: 0 }), NOW)).events).toHaveLength(1);
  });

  it('refuses with 503 when the connection has no push credentials at all', async () => {
    const e = await rejection(verifyBipWebhook(push(), { ...conn(), credentials: {} }, NOW));
    expect([e.reason, e.httpStatus]).toEqual(['unsupported', 503]);
  });
});
