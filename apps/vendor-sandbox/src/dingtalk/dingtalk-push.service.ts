import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { RecordStore } from '../common/record-store.service';
import { callbackSignature, decryptCallback, encryptCallback, randomNonce } from '../common/callback-crypto';
import { DingtalkFailedPushService } from './dingtalk-failed-push.service';
import { DingtalkStateService } from './dingtalk-state.service';
import { isStreamApp } from './dingtalk-stream-frames';
import type { DingtalkApp, DingtalkCallbackConfig } from './dingtalk.types';

/** The documented HTTP-push event body: ids only [doc: recruitment-platform-position-delivery-change-event]. */
export interface DingtalkHttpEvent {
  EventType: string;
  EventTime?: number;
  CorpId?: string;
  BizId?: string;
  eventId?: string;
}

export interface PushResult {
  seq: number;
  appKey: string;
  url: string;
  eventType: string;
  eventId?: string;
  attempt: number;
  httpStatus?: number;
  /** True only when the reply passed every check DingTalk makes. */
  replyValid: boolean;
  reason?: string;
  durationMs: number;
}

/** check_url must be answered within 1500 ms [doc: http-callback-overview]. */
const CHECK_URL_TIMEOUT_MS = 1500;

/**
 * DingTalk's side of HTTP push: encrypts and signs the event, POSTs it to the app's callback URL and
 * checks the reply the way DingTalk does (signature, decryption, owner key, plaintext "success").
 */
@Injectable()
export class DingtalkPushService {
  constructor(
    private readonly state: DingtalkStateService,
    private readonly records: RecordStore,
    private readonly failed: DingtalkFailedPushService,
  ) {}

  /** A fresh change event for one corp; redeliveries reuse the returned object unchanged. */
  newDeliverChangeEvent(corpId: string, now = Date.now()): DingtalkHttpEvent {
    return {
      EventType: 'ats_job_deliver_change',
      EventTime: now,
      CorpId: corpId,
      BizId: `${now}${randomBytes(2).readUInt16BE(0) % 1000}`,
      eventId: randomBytes(16).toString('hex'),
    };
  }

  /** Pushes `event` `times` times, one after another, to every app of the corp with a callback and HTTP push mode. */
  async pushToCorp(corpId: string, event: DingtalkHttpEvent, times: number): Promise<PushResult[]> {
    const apps = this.state.listApps().filter((a) => a.corpId === corpId && a.callback && !isStreamApp(a));
    const results: PushResult[] = [];
    for (let attempt = 1; attempt <= times; attempt++) {
      for (const app of apps) results.push(await this.push(app, event, attempt));
    }
    // An event no attempt delivered to an app goes into that app's failed-push list (dingtalk-failed-push.service).
    for (const app of times > 0 ? apps : []) {
      if (!results.some((r) => r.appKey === app.appKey && r.replyValid)) this.failed.add(app, event.EventType, event.EventTime ?? Date.now(), JSON.stringify(event));
    }
    return results;
  }

  async push(app: DingtalkApp, event: DingtalkHttpEvent, attempt = 1): Promise<PushResult> {
    const callback = app.callback as DingtalkCallbackConfig;
    const plaintext = JSON.stringify(event);
    const encrypt = encryptCallback(plaintext, callback.aesKey, callback.ownerKey);
    const timestamp = String(Date.now());
    const nonce = randomNonce(8);
    const signature = callbackSignature(callback.token, timestamp, nonce, encrypt);
    const target = new URL(callback.url);
    target.searchParams.set('signature', signature);
    target.searchParams.set('timestamp', timestamp);
    target.searchParams.set('nonce', nonce);
    const timeoutMs = event.EventType === 'check_url' ? CHECK_URL_TIMEOUT_MS : this.state.settings.callbackTimeoutMs;

    const started = Date.now();
    let httpStatus: number | undefined;
    let replyText: string | undefined;
    let reason: string | undefined;
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      httpStatus = response.status;
      replyText = await response.text();
      reason = verifyReply(httpStatus, replyText, callback);
    } catch (error) {
      const failure = error as Error & { cause?: { code?: string; message?: string } };
      const timedOut = failure.name === 'TimeoutError' || failure.name === 'AbortError';
      const detail = failure.cause?.code ?? failure.cause?.message ?? failure.message;
      reason = timedOut ? `no reply within ${timeoutMs} ms` : `network: ${detail}`;
    }
    const durationMs = Date.now() - started;
    const record = this.records.add({
      vendor: 'dingtalk',
      kind: 'push',
      api: event.EventType,
      method: 'POST',
      path: callback.url,
      query: { signature, timestamp, nonce },
      body: { encrypt },
      status: httpStatus,
      response: parseMaybeJson(replyText),
      outcome: reason ? 'failed' : 'delivered',
      detail: { appKey: app.appKey, event, eventId: event.eventId, attempt, replyValid: !reason, reason, durationMs },
    });
    return {
      seq: record.seq,
      appKey: app.appKey,
      url: callback.url,
      eventType: event.EventType,
      eventId: event.eventId,
      attempt,
      httpStatus,
      replyValid: !reason,
      reason,
      durationMs,
    };
  }
}

/** Undefined when the reply is what DingTalk accepts; otherwise why it is not. */
export function verifyReply(status: number, text: string, callback: DingtalkCallbackConfig): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  const reply = parseMaybeJson(text);
  if (typeof reply !== 'object' || reply === null) return 'reply is not a JSON object';
  const fields = reply as Record<string, unknown>;
  for (const name of ['msg_signature', 'timeStamp', 'nonce', 'encrypt']) {
    const value = fields[name];
    if ((typeof value !== 'string' && typeof value !== 'number') || value === '') return `reply misses ${name}`;
  }
  const [signature, timeStamp, nonce, encrypt] = ['msg_signature', 'timeStamp', 'nonce', 'encrypt'].map((n) => String(fields[n]));
  if (callbackSignature(callback.token, timeStamp, nonce, encrypt) !== signature) return 'msg_signature does not match';
  let decrypted;
  try {
    decrypted = decryptCallback(encrypt, callback.aesKey);
  } catch (error) {
    return `encrypt does not decrypt: ${(error as Error).message}`;
  }
  if (decrypted.ownerKey !== callback.ownerKey) return `owner key "${decrypted.ownerKey}" is not "${callback.ownerKey}"`;
  if (decrypted.message !== 'success') return `reply decrypts to "${decrypted.message}", not "success"`;
  return undefined;
}

function parseMaybeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
