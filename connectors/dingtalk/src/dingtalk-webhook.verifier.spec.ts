import { WebhookRejectedError, type Connection, type RawWebhook } from '@hub/connector-sdk';
import { computeSignature, decryptMessage, encryptMessage } from '@hub/connector-sdk';
import { verifyDingTalkWebhook } from './dingtalk-webhook.verifier';

const NOW = 1_700_000_000_000;
const TOKEN = 'callbackToken1';
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const OWNER = 'dingcorp01';

function conn(settings: Record<string, unknown> = {}, credentials: Record<string, string> = {}): Connection {
  return {
    tenantId: 't1',
    id: 'dingtalk-main',
    connector: 'dingtalk',
    credentials: { appKey: 'k', appSecret: 's', token: TOKEN, aesKey: AES, ownerKey: OWNER, ...credentials },
    settings,
  };
}

interface PushOptions {
  msg?: string;
  ts?: number | string;
  owner?: string;
  query?: Record<string, string | undefined>;
  body?: string;
  signature?: string;
}

function push(o: PushOptions = {}): RawWebhook {
  const encrypt = encryptMessage(o.msg ?? JSON.stringify({ EventType: 'ats_job_deliver_change', eventId: 'ev-1' }), AES, o.owner ?? OWNER);
  const timestamp = String(o.ts ?? NOW);
  const nonce = 'n0nce';
  const signature = o.signature ?? computeSignature(TOKEN, timestamp, nonce, encrypt);
  return {
    query: o.query ?? { signature, timestamp, nonce },
    headers: { 'content-type': 'application/json' },
    rawBody: Buffer.from(o.body ?? JSON.stringify({ encrypt })),
    receivedAt: new Date(NOW),
  };
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

describe('verifyDingTalkWebhook', () => {
  it('accepts a valid push and returns one webhook event with the exact plaintext', async () => {
    const msg = JSON.stringify({ EventType: 'ats_job_deliver_change', eventId: 'ev-1', CorpId: 'dingcorp01' });
    const result = await verifyDingTalkWebhook(push({ msg }), conn(), NOW);
    expect(result.handshake).toBe(false);
    expect(result.events).toEqual([{ externalEventId: 'ev-1', kind: 'ats_job_deliver_change', mode: 'webhook', payload: msg }]);
  });

  it('answers with the encrypted "success" reply', async () => {
    const result = await verifyDingTalkWebhook(push(), conn(), NOW);
    expect(result.reply.status).toBe(200);
    expect(result.reply.contentType).toBe('application/json');
    const reply = JSON.parse(result.reply.body) as Record<string, string>;
    expect(reply.timeStamp).toBe(String(NOW));
    expect(reply.msg_signature).toBe(computeSignature(TOKEN, reply.timeStamp, reply.nonce, reply.encrypt));
    expect(decryptMessage(reply.encrypt, AES, OWNER)).toBe('success');
  });

  it('treats check_url as a handshake with no events', async () => {
    const result = await verifyDingTalkWebhook(push({ msg: '{"EventType":"check_url"}' }), conn(), NOW);
    expect(result).toMatchObject({ handshake: true, events: [] });
  });

  it('accepts the alternative parameter names msg_signature and timeStamp', async () => {
    const p = push();
    const q = p.query;
    const result = await verifyDingTalkWebhook({ ...p, query: { msg_signature: q.signature, timeStamp: q.timestamp, nonce: q.nonce } }, conn(), NOW);
    expect(result.events).toHaveLength(1);
  });

  it('falls back to BizId, then to a sha256 of the plaintext, for the event id', async () => {
    const biz = await verifyDingTalkWebhook(push({ msg: '{"EventType":"x","BizId":"b-9"}' }), conn(), NOW);
    expect(biz.events[0].externalEventId).toBe('b-9');
    const hashed = await verifyDingTalkWebhook(push({ msg: '{"EventType":"x"}' }), conn(), NOW);
    expect(hashed.events[0].externalEventId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each([
    ['signature', { timestamp: String(NOW), nonce: 'n' }],
    ['timestamp', { signature: 'abc', nonce: 'n' }],
    ['nonce', { signature: 'abc', timestamp: String(NOW) }],
  ])('rejects a push without %s as missing_parameter (400)', async (_name, query) => {
    const e = await rejection(verifyDingTalkWebhook(push({ query }), conn(), NOW));
    expect([e.reason, e.httpStatus]).toEqual(['missing_parameter', 400]);
  });

  it.each([['not json'], ['{"foo":1}'], ['{"encrypt":5}'], ['[]']])('rejects body %s as malformed_body (400)', async (body) => {
    const e = await rejection(verifyDingTalkWebhook(push({ body }), conn(), NOW));
    expect([e.reason, e.httpStatus]).toEqual(['malformed_body', 400]);
  });

  it('rejects a wrong signature (401)', async () => {
    const e = await rejection(verifyDingTalkWebhook(push({ signature: 'f'.repeat(40) }), conn(), NOW));
    expect([e.reason, e.httpStatus]).toEqual(['bad_signature', 401]);
  });

  it('rejects a push signed with another token (401)', async () => {
    const e = await rejection(verifyDingTalkWebhook(push(), conn({}, { token: 'otherToken' }), NOW));
    expect(e.reason).toBe('bad_signature');
  });

  it('rejects timestamps outside the default 300 s window, both past and future (401)', async () => {
    const old = await rejection(verifyDingTalkWebhook(push({ ts: NOW - 301_000 }), conn(), NOW));
    const future = await rejection(verifyDingTalkWebhook(push({ ts: NOW + 301_000 }), conn(), NOW));
    expect([old.reason, old.httpStatus, future.reason]).toEqual(['stale_timestamp', 401, 'stale_timestamp']);
    await expect(verifyDingTalkWebhook(push({ ts: NOW - 299_000 }), conn(), NOW)).resolves.toBeDefined();
  });

  it('honours replayWindowSeconds and disables the check at 0', async () => {
    const e = await rejection(verifyDingTalkWebhook(push({ ts: NOW - 61_000 }), conn({ replayWindowSeconds: 60 }), NOW));
    expect(e.reason).toBe('stale_timestamp');
    await expect(verifyDingTalkWebhook(push({ ts: NOW - 86_400_000 }), conn({ replayWindowSeconds: 0 }), NOW)).resolves.toBeDefined();
  });

  it('rejects a non-numeric timestamp as stale', async () => {
    const e = await rejection(verifyDingTalkWebhook(push({ ts: 'yesterday' }), conn(), NOW));
    expect(e.reason).toBe('stale_timestamp');
  });

  it('rejects a message for another owner key (403)', async () => {
    const e = await rejection(verifyDingTalkWebhook(push({ owner: 'suiteKeyOther' }), conn(), NOW));
    expect([e.reason, e.httpStatus]).toEqual(['owner_key_mismatch', 403]);
  });

  it('rejects undecryptable ciphertext as bad_ciphertext (400)', async () => {
    const encrypt = Buffer.alloc(40, 1).toString('base64');
    const signature = computeSignature(TOKEN, String(NOW), 'n', encrypt);
    const raw: RawWebhook = {
      query: { signature, timestamp: String(NOW), nonce: 'n' },
      headers: {},
      rawBody: Buffer.from(JSON.stringify({ encrypt })),
      receivedAt: new Date(NOW),
    };
    const e = await rejection(verifyDingTalkWebhook(raw, conn(), NOW));
    expect([e.reason, e.httpStatus]).toEqual(['bad_ciphertext', 400]);
  });

  it('rejects a decrypted message that is not a JSON object with EventType (400)', async () => {
    const notJson = await rejection(verifyDingTalkWebhook(push({ msg: 'plain text' }), conn(), NOW));
    const noType = await rejection(verifyDingTalkWebhook(push({ msg: '{"eventId":"1"}' }), conn(), NOW));
    expect([notJson.reason, noType.reason]).toEqual(['malformed_body', 'malformed_body']);
  });

  it('refuses pushes for a connection without callback credentials', async () => {
    const e = await rejection(verifyDingTalkWebhook(push(), conn({}, { token: '' }), NOW));
    expect(e.reason).toBe('unsupported');
  });
});
