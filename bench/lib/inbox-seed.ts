import { randomBytes } from 'node:crypto';
import { ulid } from 'ulid';
import { CONNECTION, TENANT, log } from './bench-params';
import type { PipelineView } from './pipeline-view';
import { fmt } from './stats';

/**
 * A history for the inbox: `count` accepted DingTalk pushes spread over the last `days` days, as the hub
 * stores them (ULID `_id` of the arrival time, dedup key, ~400-byte raw encrypted body, request metadata,
 * ~300-byte decrypted payload) with their `processed` outcomes, inserted directly through the MongoDB
 * driver in batches. The hub never reads them back; they are there so its writes meet a grown collection.
 */

const DAY_MS = 86_400_000;
const BATCH = 1000;

export interface InboxSeed {
  records: number;
  seconds: number;
  perSecond: number;
  /** Average size of one inbox document as JSON, bytes. */
  docBytes: number;
}

function record(at: number, corpId: string) {
  const eventId = randomBytes(16).toString('hex');
  const payload = JSON.stringify({
    EventType: 'ats_job_deliver_change',
    EventTime: at,
    CorpId: corpId,
    BizId: `${at}${randomBytes(2).readUInt16BE(0) % 1000}`,
    eventId,
    bizData: { flowId: `flow-${randomBytes(6).toString('hex')}`, jobId: `job-${randomBytes(4).toString('hex')}`, deliverStatus: 21, operator: 'hr-chenjing', remark: '候选人状态变更' },
  });
  const rawBody = JSON.stringify({ encrypt: randomBytes(288).toString('base64') });
  const requestMeta = JSON.stringify({
    query: { signature: randomBytes(20).toString('hex'), timestamp: String(at), nonce: randomBytes(4).toString('hex') },
    headers: { 'content-type': 'application/json', 'content-length': String(rawBody.length), 'user-agent': 'Apache-HttpClient/4.5.13 (Java/1.8.0_292)' },
    remoteIp: '127.0.0.1',
    path: `/webhooks/${TENANT}/${CONNECTION}`,
  });
  const _id = ulid(at);
  return {
    inbox: {
      _id,
      tenantId: TENANT,
      connectionId: CONNECTION,
      connector: 'dingtalk',
      dedupKey: `${TENANT}|${CONNECTION}|${eventId}`,
      externalEventId: eventId,
      kind: 'ats_job_deliver_change',
      mode: 'webhook',
      status: 'accepted',
      rawBody,
      requestMeta,
      payload,
      receivedAt: new Date(at),
    },
    outcome: { _id, tenantId: TENANT, status: 'processed', result: 'poll requested for what changed', at: new Date(at + 150 + (at % 400)) },
  };
}

export async function seedInbox(view: PipelineView, count: number, days: number, corpId: string): Promise<InboxSeed> {
  const inbox = view.collection('inbox');
  const outcomes = view.collection('inbox_outcomes');
  const started = Date.now();
  const first = started - days * DAY_MS;
  const step = (days * DAY_MS - 60_000) / count;
  let bytes = 0;
  let lastLog = started;
  for (let done = 0; done < count; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - done) }, (_, i) => record(Math.round(first + (done + i) * step + Math.random() * step), corpId));
    if (done === 0) bytes = batch.reduce((sum, r) => sum + JSON.stringify(r.inbox).length, 0) / batch.length;
    await inbox.insertMany(batch.map((r) => r.inbox) as never[], { ordered: false });
    await outcomes.insertMany(batch.map((r) => r.outcome) as never[], { ordered: false });
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`inbox seed: ${done + batch.length}/${count} records stored`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  log(`inbox seed: ${count} inbox records + outcomes stored in ${fmt(seconds, 1)} s (${fmt(count / seconds)} records/s, ~${fmt(bytes)} bytes each)`);
  return { records: count, seconds, perSecond: count / seconds, docBytes: bytes };
}
