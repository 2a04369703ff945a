import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { computeSignature, decryptMessage, encryptMessage, randomNonce, type CallbackSecrets } from '../../libs/connector-sdk/src/callback-crypto';
import { summarize, type Summary } from './stats';

export type LoadMode = 'health' | 'dingtalk-unique' | 'dingtalk-duplicate';

export interface LoadSpec {
  mode: LoadMode;
  baseUrl: string;
  /** `/webhooks/<tenant>/<connection>` for the DingTalk modes. */
  webhookPath: string;
  secrets: CallbackSecrets;
  corpId: string;
  /** The eventId every request of `dingtalk-duplicate` carries (an event the hub already accepted). */
  fixedEventId?: string;
  concurrency: number;
  durationMs: number;
  /** Hard cap on requests, whatever the duration. */
  maxRequests: number;
  requestTimeoutMs: number;
  /** Every n-th DingTalk reply is decrypted and checked to be the encrypted "success". */
  verifyEvery: number;
  /**
   * DingTalk requests signed and encrypted before the clock starts (more are made on the fly if the run needs
   * them): the vendor encrypts on its own servers, so the bench keeps that CPU out of the measured window on
   * this shared machine. Their timestamps stay well inside the hub's 300 s replay window.
   */
  presigned: number;
}

export interface LoadResult {
  mode: LoadMode;
  concurrency: number;
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  errorSample?: string;
  elapsedMs: number;
  reqPerSec: number;
  latencyMs: Summary;
  repliesChecked: number;
  repliesBad: number;
  badReplySample?: string;
}

/** One DingTalk HTTP push exactly as the vendor sends it: signed query, AES-encrypted JSON body. */
export function dingtalkPush(spec: Pick<LoadSpec, 'webhookPath' | 'secrets' | 'corpId'>, eventId: string): { path: string; body: Buffer } {
  const now = Date.now();
  const event = {
    EventType: 'ats_job_deliver_change',
    EventTime: now,
    CorpId: spec.corpId,
    BizId: `${now}${randomBytes(2).readUInt16BE(0) % 1000}`,
    eventId,
  };
  const encrypt = encryptMessage(JSON.stringify(event), spec.secrets.aesKey, spec.secrets.ownerKey);
  const timestamp = String(now);
  const nonce = randomNonce(8);
  const signature = computeSignature(spec.secrets.token, timestamp, nonce, encrypt);
  const query = new URLSearchParams({ signature, timestamp, nonce });
  return { path: `${spec.webhookPath}?${query.toString()}`, body: Buffer.from(JSON.stringify({ encrypt }), 'utf8') };
}

function checkReply(text: string, secrets: CallbackSecrets): string | undefined {
  try {
    const reply = JSON.parse(text) as Record<string, string>;
    if (computeSignature(secrets.token, String(reply.timeStamp), String(reply.nonce), String(reply.encrypt)) !== reply.msg_signature) return 'msg_signature does not match';
    const plain = decryptMessage(reply.encrypt, secrets.aesKey, secrets.ownerKey);
    return plain === 'success' ? undefined : `reply decrypts to "${plain}"`;
  } catch (e) {
    return `reply unreadable: ${(e as Error).message}`;
  }
}

/**
 * Closed-loop load: `concurrency` lanes, each sending its next request as soon as the previous
 * answer arrived, over keep-alive connections, until the duration or the request cap is reached.
 * `beforeStart` runs once the presigned requests are ready, just before the clock starts.
 */
export async function runLoad(spec: LoadSpec, beforeStart: () => Promise<void> = async () => undefined): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency, maxFreeSockets: spec.concurrency });
  const base = new URL(spec.baseUrl);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let errorSample: string | undefined;
  let sent = 0;
  let repliesChecked = 0;
  let repliesBad = 0;
  let badReplySample: string | undefined;
  const nextPush = (): { path: string; body: Buffer } =>
    dingtalkPush(spec, spec.mode === 'dingtalk-duplicate' && spec.fixedEventId ? spec.fixedEventId : randomBytes(16).toString('hex'));
  const ready = spec.mode === 'health' ? [] : Array.from({ length: Math.min(spec.presigned, spec.maxRequests) }, nextPush);
  let taken = 0;
  await beforeStart();

  const started = performance.now();
  const deadline = started + spec.durationMs;
  let lastDone = started;

  const once = (): Promise<void> => {
    let path = '/health/live';
    let method = 'GET';
    let body: Buffer | undefined;
    if (spec.mode !== 'health') {
      ({ path, body } = taken < ready.length ? ready[taken++] : nextPush());
      method = 'POST';
    }
    const n = sent++;
    const t0 = performance.now();
    return new Promise<void>((resolve) => {
      const req = request(
        { host: base.hostname, port: base.port, path, method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {} },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const t1 = performance.now();
            lastDone = t1;
            latencies.push(t1 - t0);
            const status = String(res.statusCode ?? 0);
            statuses[status] = (statuses[status] ?? 0) + 1;
            if (spec.mode !== 'health' && res.statusCode === 200 && n % spec.verifyEvery === 0) {
              repliesChecked++;
              const bad = checkReply(Buffer.concat(chunks).toString('utf8'), spec.secrets);
              if (bad) {
                repliesBad++;
                badReplySample ??= bad;
              }
            } else if (res.statusCode !== 200 && !errorSample) {
              errorSample = `HTTP ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`;
            }
            resolve();
          });
          res.on('error', () => resolve());
        },
      );
      req.setTimeout(spec.requestTimeoutMs, () => req.destroy(new Error(`no answer within ${spec.requestTimeoutMs} ms`)));
      req.on('error', (e) => {
        errors++;
        errorSample ??= e.message;
        lastDone = performance.now();
        resolve();
      });
      req.end(body);
    });
  };

  const lanes = Array.from({ length: spec.concurrency }, async () => {
    while (performance.now() < deadline && sent < spec.maxRequests) await once();
  });
  await Promise.all(lanes);
  agent.destroy();
  const elapsedMs = lastDone - started;
  const ok = Object.entries(statuses).reduce((sum, [s, c]) => (s.startsWith('2') ? sum + c : sum), 0);
  return {
    mode: spec.mode,
    concurrency: spec.concurrency,
    requests: latencies.length + errors,
    ok,
    statuses,
    errors,
    errorSample,
    elapsedMs,
    reqPerSec: (ok / elapsedMs) * 1000,
    latencyMs: summarize(latencies),
    repliesChecked,
    repliesBad,
    badReplySample,
  };
}
