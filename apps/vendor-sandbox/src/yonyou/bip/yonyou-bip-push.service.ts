import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RecordStore } from '../../common/record-store.service';
import { BIP_VENDOR } from './yonyou-bip-api.catalog';
import { parseMaybeJson, postToHub } from './yonyou-bip-http';
import { buildPushBody, checkPushReply, type BipPushBody, type BipPushTamper } from './yonyou-bip-push-crypto';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import type { BipTenant } from './yonyou-bip.types';

/** An open-platform event: `{type, eventId, timestamp, tenantId, staffId[]|deptId[]|userId[]}` [Y1]. */
export type BipOpenEvent = Record<string, unknown> & { type: string; eventId: string; timestamp: number; tenantId: string };

export interface BipPushResult {
  seq: number;
  url: string;
  event: BipOpenEvent;
  tamper?: BipPushTamper;
  /** The exact JSON body sent. */
  sent: BipPushBody;
  httpStatus?: number;
  /** The hub's answer, parsed when it is JSON. */
  response?: unknown;
  /** True only when the answer is "success" in the form the seed's `reply` accepts. */
  replyValid: boolean;
  reason?: string;
  durationMs: number;
}

export function newOpenEvent(tenant: BipTenant, fields: Record<string, unknown>, now = Date.now()): BipOpenEvent {
  return { eventId: randomUUID(), timestamp: now, tenantId: tenant.tenantId, ...fields } as BipOpenEvent;
}

/** YonBIP's side of the open-platform event push: encrypt, sign, POST to the tenant's push URL, judge the reply. */
@Injectable()
export class YonyouBipPushService {
  constructor(
    private readonly state: YonyouBipStateService,
    private readonly records: RecordStore,
  ) {}

  async push(tenant: BipTenant, event: BipOpenEvent, options: { tamper?: BipPushTamper; staleSeconds?: number } = {}): Promise<BipPushResult> {
    const push = tenant.push;
    if (!push) throw new Error(`tenant ${tenant.tenantId} has no push configured`);
    const sent = buildPushBody(push, JSON.stringify(event), options);
    const answer = await postToHub(push.url, { 'content-type': 'application/json' }, JSON.stringify(sent), this.state.settings.pushTimeoutMs);
    const reason = answer.failure ?? checkPushReply(answer.httpStatus as number, answer.text ?? '', push, push.reply);
    const response = parseMaybeJson(answer.text);
    const record = this.records.add({
      vendor: BIP_VENDOR,
      kind: 'push',
      api: event.type,
      method: 'POST',
      path: push.url,
      body: sent,
      status: answer.httpStatus,
      response,
      outcome: reason ? 'failed' : 'delivered',
      detail: { tenantId: tenant.tenantId, event, tamper: options.tamper, replyMode: push.reply, replyValid: !reason, reason, durationMs: answer.durationMs },
    });
    return {
      seq: record.seq,
      url: push.url,
      event,
      ...(options.tamper ? { tamper: options.tamper } : {}),
      sent,
      httpStatus: answer.httpStatus,
      response,
      replyValid: !reason,
      ...(reason ? { reason } : {}),
      durationMs: answer.durationMs,
    };
  }
}
