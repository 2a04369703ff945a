import { CallbackCryptoError, computeSignature, decryptMessage, encryptMessage, randomNonce, signatureMatches } from '@hub/connector-sdk';
import { createSandboxApp, type SandboxApp } from '../../sandbox.app';
import { call, Receiver, type Captured } from './yonyou-bip.test-kit';

/*
 * The hub's webhook played by the SDK's callback crypto (libs/connector-sdk), refusing the way the contract says
 * the YonBIP verifier will: bad_signature 401, stale_timestamp 401, owner_key_mismatch 401, bad_ciphertext 400.
 */
const AES_KEY = 'RZliJDCeAgWmaSpOdhlKfn5GrgWXH9dhq1qRTZUFRyI';
const TENANTS = {
  't-plain': { appKey: 'key-plain', secret: 'secret-plain', owner: 'key-plain', reply: 'plain' },
  't-enc': { appKey: 'key-enc', secret: 'secret-enc', owner: 'suite-enc', reply: 'encrypted' },
  't-either': { appKey: 'key-either', secret: 'secret-either', owner: 'key-either', reply: 'either' },
} as const;
type TenantId = keyof typeof TENANTS;

interface PushBody {
  msgSignature: string;
  timestamp: number;
  nonce: string;
  encrypt: string;
}

interface PushResult {
  sent: PushBody;
  event: Record<string, unknown>;
  httpStatus: number;
  response: unknown;
  replyValid: boolean;
  reason?: string;
}

describe('YonBIP simulator: open-platform push', () => {
  let sandbox: SandboxApp;
  const hub = new Receiver();
  let replyStyle: 'plain' | 'encrypted' | 'encrypted-wrong-owner' = 'plain';

  function verify(request: Captured): { status: number; body: string; contentType?: string } {
    const tenant = TENANTS[request.url.split('/').pop() as TenantId];
    const body = JSON.parse(request.body) as PushBody;
    if (!signatureMatches(body.msgSignature, tenant.secret, String(body.timestamp), body.nonce, body.encrypt)) return refuse(401, 'bad_signature');
    if (Math.abs(Date.now() - body.timestamp) > 300_000) return refuse(401, 'stale_timestamp');
    try {
      decryptMessage(body.encrypt, AES_KEY, tenant.owner);
    } catch (error) {
      const reason = (error as CallbackCryptoError).reason;
      return reason === 'owner_key_mismatch' ? refuse(401, reason) : refuse(400, 'bad_ciphertext');
    }
    if (replyStyle === 'plain') return { status: 200, body: 'success' };
    const owner = replyStyle === 'encrypted' ? tenant.owner : 'someone-else';
    const encrypt = encryptMessage('success', AES_KEY, owner);
    const timestamp = Date.now();
    const nonce = randomNonce(16);
    const msgSignature = computeSignature(tenant.secret, String(timestamp), nonce, encrypt);
    return { status: 200, body: JSON.stringify({ msgSignature, timestamp, nonce, encrypt }), contentType: 'application/json' };
  }
  const refuse = (status: number, error: string) => ({ status, body: JSON.stringify({ error }), contentType: 'application/json' });

  async function push(tenantId: TenantId, body: Record<string, unknown>): Promise<PushResult> {
    const reply = await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/push', { tenantId, ...body });
    expect(reply.status).toBe(200);
    return reply.body as PushResult;
  }

  beforeAll(async () => {
    await hub.start();
    hub.respond = verify;
    sandbox = await createSandboxApp({
      port: 0,
      seed: {
        yonyou: {
          bip: {
            tenants: (Object.keys(TENANTS) as TenantId[]).map((tenantId) => {
              const t = TENANTS[tenantId];
              return {
                tenantId,
                appKey: t.appKey,
                appSecret: t.secret,
                ...(t.owner !== t.appKey ? { suiteKey: t.owner } : {}),
                push: { url: `${hub.url}/webhooks/t/${tenantId}`, aesKey: AES_KEY, reply: t.reply },
              };
            }),
          },
        },
      },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await hub.stop();
  });
  beforeEach(async () => {
    hub.received = [];
    replyStyle = 'plain';
    await call(sandbox.url, 'POST', '/_sandbox/reset');
  });

  it('sends CHECK_URL signed with the app secret, encrypted for the app, and reports the accepted reply', async () => {
    const result = await push('t-plain', { type: 'CHECK_URL' });
    expect(hub.received).toHaveLength(1);
    const [received] = hub.received;
    expect(received.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received.body)).toEqual(result.sent);
    const { msgSignature, timestamp, nonce, encrypt } = result.sent;
    expect(typeof timestamp).toBe('number');
    expect(signatureMatches(msgSignature, 'secret-plain', String(timestamp), nonce, encrypt)).toBe(true);
    const event = JSON.parse(decryptMessage(encrypt, AES_KEY, 'key-plain')) as Record<string, unknown>;
    expect(event).toEqual({ type: 'CHECK_URL', tenantId: 't-plain', eventId: expect.any(String), timestamp: expect.any(Number) });
    expect(event).toEqual(result.event);
    expect(result).toMatchObject({ httpStatus: 200, response: 'success', replyValid: true });
  });

  it('passes extra event fields through, e.g. staffId of a STAFF_UPDATE', async () => {
    const result = await push('t-either', { type: 'STAFF_UPDATE', staffId: ['s-1'], eventId: 'evt-fixed' });
    expect(JSON.parse(decryptMessage(result.sent.encrypt, AES_KEY, 'key-either'))).toMatchObject({ type: 'STAFF_UPDATE', staffId: ['s-1'], eventId: 'evt-fixed' });
  });

  it.each([
    ['signature', 401, 'bad_signature'],
    ['ownerKey', 401, 'owner_key_mismatch'],
    ['ciphertext', 400, 'bad_ciphertext'],
    ['stale', 401, 'stale_timestamp'],
  ] as const)('tamper %s produces bytes a correct receiver refuses (%i %s)', async (tamper, status, error) => {
    const result = await push('t-plain', { type: 'CHECK_URL', tamper });
    expect(result).toMatchObject({ httpStatus: status, response: { error }, replyValid: false });
    const { msgSignature, timestamp, nonce, encrypt } = result.sent;
    const signed = signatureMatches(msgSignature, 'secret-plain', String(timestamp), nonce, encrypt);
    // Each tamper breaks exactly one thing.
    expect(signed).toBe(tamper !== 'signature');
    const decrypt = () => decryptMessage(encrypt, AES_KEY, 'key-plain');
    if (tamper === 'ownerKey') expect(decrypt).toThrow(expect.objectContaining({ reason: 'owner_key_mismatch' }));
    else if (tamper === 'ciphertext') expect(decrypt).toThrow(expect.objectContaining({ reason: 'ciphertext_length' }));
    else expect(JSON.parse(decrypt())).toMatchObject({ type: 'CHECK_URL' });
    expect(Date.now() - timestamp > 300_000).toBe(tamper === 'stale');
  });

  it.each([
    ['plain', { 't-plain': true, 't-enc': false, 't-either': true }],
    ['encrypted', { 't-plain': false, 't-enc': true, 't-either': true }],
    ['encrypted-wrong-owner', { 't-plain': false, 't-enc': false, 't-either': false }],
  ] as const)('judges a %s reply by each tenant\'s reply setting', async (style, expected) => {
    replyStyle = style;
    const verdicts: Record<string, boolean> = {};
    for (const tenantId of Object.keys(TENANTS) as TenantId[]) verdicts[tenantId] = (await push(tenantId, { type: 'CHECK_URL' })).replyValid;
    expect(verdicts).toEqual(expected);
  });

  it('records each push with its verdict and refuses unknown tampers', async () => {
    await push('t-plain', { type: 'CHECK_URL' });
    await push('t-plain', { type: 'CHECK_URL', tamper: 'stale' });
    const records = (await call(sandbox.url, 'GET', '/_sandbox/yonyou/bip/records?kind=push')).body as Array<{ outcome: string; status: number; detail: { replyValid: boolean } }>;
    expect(records.map((r) => [r.outcome, r.status, r.detail.replyValid])).toEqual([
      ['delivered', 200, true],
      ['failed', 401, false],
    ]);
    expect((await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/push', { tenantId: 't-plain', type: 'CHECK_URL', tamper: 'nonce' })).status).toBe(400);
    expect((await call(sandbox.url, 'POST', '/_sandbox/yonyou/bip/push', { tenantId: 't-plain' })).status).toBe(400);
  });
});
