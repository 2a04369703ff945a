import { computeSignature, encryptMessage } from '@hub/connector-sdk';
import { INGEST_QUEUE } from '@hub/queue';
import { call, HubHarness } from './support/hub-harness';

const TOKEN = 'demoToken123';
const AES_KEY = 'RZliJDCeAgWmaSpOdhlKfn5GrgWXH9dhq1qRTZUFRyI';
const CORP = 'ding-demo-corp';

interface Push {
  path?: string;
  body?: string;
  query?: Record<string, string>;
}

/** A well-formed, correctly signed DingTalk change callback, with parts replaced as a test needs. */
function push(overrides: { ownerKey?: string; timestamp?: number; mutateEncrypt?: (e: string) => string; signature?: string } = {}): Push {
  const msg = JSON.stringify({ EventType: 'ats_job_deliver_change', EventTime: Date.now(), CorpId: CORP, BizId: 'biz-1', eventId: `ev-${Math.random()}` });
  let encrypt = encryptMessage(msg, AES_KEY, overrides.ownerKey ?? CORP);
  if (overrides.mutateEncrypt) encrypt = overrides.mutateEncrypt(encrypt);
  const timestamp = String(overrides.timestamp ?? Date.now());
  const nonce = 'n0nce123';
  const signature = overrides.signature ?? computeSignature(TOKEN, timestamp, nonce, encrypt);
  return { body: JSON.stringify({ encrypt }), query: { signature, timestamp, nonce } };
}

/** Acceptance: each bad request is refused with a specific 4xx, kept in the inbox as rejected with its reason, and nothing is queued. */
describe('refused vendor pushes', () => {
  let h: HubHarness;

  beforeAll(async () => {
    h = await HubHarness.start({ schedules: false });
  });

  afterAll(async () => {
    await h?.close();
  });

  async function send(p: Push) {
    const qs = new URLSearchParams(p.query ?? {}).toString();
    return call<{ error: string; message: string; details: { kept: boolean; inboxId?: string } }>(`${h.hub.url}${p.path ?? '/webhooks/demo/dingtalk-main'}?${qs}`, 'POST', p.body ?? '', { 'content-type': 'application/json' });
  }

  const cases: [string, () => Push, number, string][] = [
    ['a wrong signature', () => push({ signature: 'f'.repeat(40) }), 401, 'bad_signature'],
    ['a stale timestamp', () => push({ timestamp: Date.now() - 10 * 60_000 }), 401, 'stale_timestamp'],
    ['a wrong owner key', () => push({ ownerKey: 'ding-someone-else' }), 403, 'owner_key_mismatch'],
    ['a truncated ciphertext', () => push({ mutateEncrypt: (e) => e.slice(0, e.length - 24) }), 400, 'bad_ciphertext'],
    ['malformed JSON', () => ({ ...push(), body: '{"encrypt": "abc' }), 400, 'malformed_body'],
    ['no signature parameters', () => ({ ...push(), query: {} }), 400, 'missing_parameter'],
    ['an oversized body', () => ({ ...push(), body: JSON.stringify({ encrypt: 'A'.repeat(1_100_000) }) }), 413, 'body_too_large'],
  ];

  it.each(cases)('refuses %s, keeps it as rejected, queues nothing', async (_name, make, status, reason) => {
    const res = await send(make());
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(reason);
    expect(res.body.details.kept).toBe(true);
    const kept = await h.api('GET', `/v1/inbox/${res.body.details.inboxId}`);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: 'rejected', rejection: { reason, httpStatus: status } });
    expect(kept.body.rawBody.length).toBeGreaterThan(0);
  });

  it.each([
    ['an unknown tenant', '/webhooks/ghost/dingtalk-main', 'unknown_tenant'],
    ["an unknown connection of a real tenant", '/webhooks/demo/no-such-connection', 'unknown_connection'],
  ])('refuses %s and keeps it where no tenant can see it', async (_name, path, reason) => {
    const res = await send({ ...push(), path });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe(reason);
    const rec = await h.repos.inbox.findById(res.body.details.inboxId!);
    expect(rec).toMatchObject({ tenantId: '_unknown', status: 'rejected', rejection: { reason } });
    expect(JSON.parse(rec!.requestMeta!)).toMatchObject({ path });
    expect((await h.api('GET', `/v1/inbox/${res.body.details.inboxId}`)).status).toBe(404);
  });

  it('queued nothing and recorded no cancellation for any refused request', async () => {
    const counts = await h.queues.get(INGEST_QUEUE).getJobCounts();
    expect(counts).toMatchObject({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
    expect(await h.repos.cancellations.model.countDocuments()).toBe(0);
    expect(await h.repos.inbox.model.countDocuments({ status: { $ne: 'rejected' } })).toBe(0);
  });

  it('still accepts a correct push, and answers DingTalk the encrypted success it expects', async () => {
    const res = await send(push());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
  });
});
