import { WebhookRejectedError, type Connection, type RawWebhook } from '@hub/connector-sdk';
import { verifyBipWebhook } from './bip-webhook.verifier';

const TOKEN = 'ec-token-1';

function conn(settings: Record<string, unknown> = {}, token: string | undefined = TOKEN): Connection {
  return { tenantId: 't1', id: 'yonyou-main', connector: 'yonyou', credentials: { appKey: 'k', appSecret: 's', ...(token ? { eventCenterToken: token } : {}) }, settings };
}

const USER_OBJECT = JSON.stringify({ eventId: 'evt-7', id: 'c-1', candidateId: 'c-1', status: '7' });

function delivery(o: { headers?: Record<string, string>; form?: Record<string, string>; json?: Record<string, unknown> } = {}): RawWebhook {
  const fields = o.form ?? { sourceID: 'HRED_CANDIDATE', eventType: 'HRED_CANDIDATE_STATUS_CHANGE', userObject: USER_OBJECT, tenantCode: 'tnt' };
  const body = o.json ? JSON.stringify(o.json) : new URLSearchParams(fields).toString();
  const contentType = o.json ? 'application/json' : 'application/x-www-form-urlencoded';
  return { query: { channel: 'event-center' }, headers: { 'content-type': contentType, token: TOKEN, ...o.headers }, rawBody: Buffer.from(body), receivedAt: new Date() };
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

describe('event-center receiver (?channel=event-center)', () => {
  it('accepts form fields with the right token, keyed by userObject.eventId, and answers {"success":"true"}', async () => {
    const result = await verifyBipWebhook(delivery(), conn());
    expect(result.reply).toEqual({ status: 200, contentType: 'application/json', body: '{"success":"true"}' });
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ externalEventId: 'evt-7', kind: 'event-center:HRED_CANDIDATE_STATUS_CHANGE', mode: 'webhook' });
    expect(JSON.parse(result.events[0].payload)).toMatchObject({ eventType: 'HRED_CANDIDATE_STATUS_CHANGE', userObject: USER_OBJECT });
  });

  it('accepts a JSON body as received, preferring the event’s own id to userObject’s', async () => {
    const json = { id: 'own-1', sourceID: 'S', eventType: 'HRED_CANDIDATE_STATUS_CHANGE', userObject: { id: 'c-1' } };
    const result = await verifyBipWebhook(delivery({ json }), conn());
    expect(result.events[0].externalEventId).toBe('own-1');
    expect(result.events[0].payload).toBe(JSON.stringify(json));
  });

  it('never keys by userObject.id (the candidate): without an event id the body hash is the key', async () => {
    const form = { sourceID: 'S', eventType: 'X', userObject: JSON.stringify({ id: 'c-1' }) };
    const a = await verifyBipWebhook(delivery({ form }), conn());
    expect(a.events[0].externalEventId).toMatch(/^sha256:/);
  });

  it('reads the token from the header named by eventCenter.tokenHeader', async () => {
    const result = await verifyBipWebhook(delivery({ headers: { token: '', 'x-ec-token': TOKEN } }), conn({ eventCenter: { tokenHeader: 'X-EC-Token' } }));
    expect(result.events).toHaveLength(1);
  });

  it.each([
    ['a wrong token', { token: `${TOKEN}-wrong` }, 'bad_signature', 401],
    ['no token', { token: '' }, 'missing_parameter', 400],
  ])('refuses %s', async (_what, headers, reason, status) => {
    const e = await rejection(verifyBipWebhook(delivery({ headers }), conn()));
    expect([e.reason, e.httpStatus]).toEqual([reason, status]);
  });

  it('refuses a delivery without eventType, an unreadable body, and a connection without eventCenterToken', async () => {
    expect((await rejection(verifyBipWebhook(delivery({ form: { sourceID: 'S', userObject: '{}' } }), conn()))).reason).toBe('missing_parameter');
    const garbage = { ...delivery(), headers: { token: TOKEN, 'content-type': 'application/json' }, rawBody: Buffer.from('{nope') };
    expect((await rejection(verifyBipWebhook(garbage, conn()))).reason).toBe('malformed_body');
    const e = await rejection(verifyBipWebhook(delivery(), conn({}, '')));
    expect([e.reason, e.httpStatus]).toEqual(['unsupported', 503]);
  });
});
