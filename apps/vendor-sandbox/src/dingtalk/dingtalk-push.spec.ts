import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandboxApp, type SandboxApp } from '../sandbox.app';

/*
 * A stand-in for the hub's webhook: it verifies and decrypts with its own code (written here, not imported
 * from the simulator) so a bug in the simulator's crypto cannot cancel itself out.
 */
const TOKEN = 'pushToken42';
const AES_KEY = 'RZliJDCeAgWmaSpOdhlKfn5GrgWXH9dhq1qRTZUFRyI';
const CORP = 'corp-push';
const key = Buffer.from(`${AES_KEY}=`, 'base64');

const sha1 = (...parts: string[]): string => createHash('sha1').update(parts.sort().join('')).digest('hex');

function receiverDecrypt(encrypt: string): { msg: string; owner: string } {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const data = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  const plain = data.subarray(0, data.length - data[data.length - 1]);
  const length = plain.readUInt32BE(16);
  return { msg: plain.subarray(20, 20 + length).toString(), owner: plain.subarray(20 + length).toString() };
}

function receiverEncrypt(msg: string, owner = CORP): string {
  const body = Buffer.from(msg);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(owner)]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

interface Received {
  signatureOk: boolean;
  event: Record<string, unknown>;
  owner: string;
}

type ReplyMode = 'success' | 'plain' | 'wrong-signature' | 'wrong-owner';

describe('DingTalk simulator (HTTP push)', () => {
  let sandbox: SandboxApp;
  let receiver: Server;
  let received: Received[] = [];
  let mode: ReplyMode = 'success';

  async function control(path: string, body: unknown = {}): Promise<Record<string, unknown>> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  function handle(request: IncomingMessage, text: string): string {
    const url = new URL(request.url ?? '/', 'http://receiver');
    const timestamp = url.searchParams.get('timestamp') ?? '';
    const nonce = url.searchParams.get('nonce') ?? '';
    const { encrypt } = JSON.parse(text) as { encrypt: string };
    const { msg, owner } = receiverDecrypt(encrypt);
    received.push({
      signatureOk: sha1(TOKEN, timestamp, nonce, encrypt) === url.searchParams.get('signature'),
      event: JSON.parse(msg) as Record<string, unknown>,
      owner,
    });
    if (mode === 'plain') return 'success';
    const replyEncrypt = receiverEncrypt('success', mode === 'wrong-owner' ? 'someone-else' : CORP);
    const replyTimestamp = String(Date.now());
    const replyNonce = 'abcdefgh12345678';
    const signature = mode === 'wrong-signature' ? '0'.repeat(40) : sha1(TOKEN, replyTimestamp, replyNonce, replyEncrypt);
    return JSON.stringify({ msg_signature: signature, timeStamp: replyTimestamp, nonce: replyNonce, encrypt: replyEncrypt });
  }

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        const reply = handle(request, text);
        response.writeHead(200, { 'content-type': 'application/json' }).end(reply);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    sandbox = await createSandboxApp({
      port: 0,
      seed: {
        dingtalk: {
          apps: [
            {
              corpId: CORP,
              appKey: 'key-push',
              appSecret: 'secret-push',
              agentId: '30001',
              callback: { url: `http://127.0.0.1:${port}/webhooks/t/dingtalk`, token: TOKEN, aesKey: AES_KEY, ownerKey: CORP },
            },
          ],
          candidates: [{ candidateId: 'cand-1', name: '王芳', phone: '13700137003' }],
          jobs: [{ jobId: 'job-1', name: '前端工程师' }],
          interviews: [
            {
              interviewId: 'iv-1',
              candidateId: 'cand-1',
              jobId: 'job-1',
              start: { dayOffset: 1, time: '10:00' },
              creatorUserId: 'hr-1',
              interviewers: ['tech-1'],
            },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });
  beforeEach(async () => {
    received = [];
    mode = 'success';
    await control('/_sandbox/reset');
  });

  it('cancels, then pushes the documented change event twice with the same eventId', async () => {
    const result = await control('/_sandbox/dingtalk/interviews/iv-1/cancel', { pushCount: 2, reason: '时间冲突' });
    expect(result.interview).toMatchObject({ interviewId: 'iv-1', cancelled: true, cancelReason: '时间冲突' });
    expect(received).toHaveLength(2);
    for (const push of received) {
      expect(push.signatureOk).toBe(true);
      expect(push.owner).toBe(CORP);
      expect(Object.keys(push.event).sort()).toEqual(['BizId', 'CorpId', 'EventTime', 'EventType', 'eventId']);
      expect(push.event).toMatchObject({ EventType: 'ats_job_deliver_change', CorpId: CORP });
    }
    expect(received[0].event).toEqual(received[1].event);
    const pushes = result.pushes as Array<{ replyValid: boolean; attempt: number }>;
    expect(pushes.map((p) => [p.attempt, p.replyValid])).toEqual([
      [1, true],
      [2, true],
    ]);
    const records = (await (await fetch(`${sandbox.url}/_sandbox/dingtalk/records?kind=push`)).json()) as Array<{
      outcome: string;
      detail: { replyValid: boolean };
    }>;
    expect(records.map((r) => [r.outcome, r.detail.replyValid])).toEqual([
      ['delivered', true],
      ['delivered', true],
    ]);
  });

  it('does not push when pushCount is 0', async () => {
    const result = await control('/_sandbox/dingtalk/interviews/iv-1/cancel', { pushCount: 0 });
    expect(result.pushes).toEqual([]);
    expect(received).toHaveLength(0);
  });

  it('sends the check_url handshake', async () => {
    const result = await control('/_sandbox/dingtalk/check-url');
    expect(received.map((r) => r.event)).toEqual([{ EventType: 'check_url' }]);
    expect(result.pushes).toEqual([expect.objectContaining({ eventType: 'check_url', replyValid: true })]);
  });

  it.each([
    ['plain', 'reply is not a JSON object'],
    ['wrong-signature', 'msg_signature does not match'],
    ['wrong-owner', 'owner key'],
  ] as const)('flags a %s reply as invalid', async (replyMode, reason) => {
    mode = replyMode;
    const result = await control('/_sandbox/dingtalk/interviews/iv-1/cancel', {});
    const [push] = result.pushes as Array<{ replyValid: boolean; reason: string }>;
    expect(push.replyValid).toBe(false);
    expect(push.reason).toContain(reason);
  });
});
