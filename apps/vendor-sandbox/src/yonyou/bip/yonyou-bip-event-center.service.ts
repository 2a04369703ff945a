import { Injectable } from '@nestjs/common';
import { RecordStore } from '../../common/record-store.service';
import { BIP_VENDOR } from './yonyou-bip-api.catalog';
import { parseMaybeJson, postToHub } from './yonyou-bip-http';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import type { BipTenant } from './yonyou-bip.types';

export const EVENT_CENTER_TAMPERS = ['token', 'noToken'] as const;
export type BipEventCenterTamper = (typeof EVENT_CENTER_TAMPERS)[number];

export interface BipEventCenterResult {
  seq: number;
  url: string;
  contentType: string;
  /** The parameters sent (`userObject` as the JSON text it travels as). */
  params: Record<string, string>;
  headers: Record<string, string>;
  tamper?: BipEventCenterTamper;
  httpStatus?: number;
  response?: unknown;
  /** True when the hub answered HTTP 200 with JSON `success: "true"` (a string) [Y5]. */
  replyValid: boolean;
  reason?: string;
  durationMs: number;
}

/**
 * The 事件中心 REST subscription call [Y5 "提供REST 订阅接口"]: parameters `sourceID`, `eventType`, `userObject`
 * (JSON text), `queueName`, `tenantCode`, which the documented receiver reads with `request.getParameter`, i.e. as
 * form parameters: the default body is `application/x-www-form-urlencoded` (seed `bodyFormat: "json"` sends a JSON
 * object instead). Token mode (UNCONFIRMED format): the subscription's token in header `tokenHeader`. The URL is the
 * subscription URL with `channel=event-center` added. Success = JSON `success` equal to the string "true".
 */
@Injectable()
export class YonyouBipEventCenterService {
  constructor(
    private readonly state: YonyouBipStateService,
    private readonly records: RecordStore,
  ) {}

  async deliver(tenant: BipTenant, userObject: Record<string, unknown>, options: { eventType?: string; tamper?: BipEventCenterTamper } = {}): Promise<BipEventCenterResult> {
    const center = tenant.eventCenter;
    if (!center?.url) throw new Error(`tenant ${tenant.tenantId} has no event-center subscription URL`);
    const target = new URL(center.url);
    target.searchParams.set('channel', 'event-center');
    const eventType = options.eventType ?? center.eventType;
    const params: Record<string, string> = {
      sourceID: center.sourceID,
      eventType,
      userObject: JSON.stringify(userObject),
      // The queue the event center delivered from; its naming is UNCONFIRMED.
      queueName: `${center.sourceID}.${eventType}`,
      tenantCode: tenant.tenantId,
    };
    const contentType = center.bodyFormat === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    const body = center.bodyFormat === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString();
    const headers: Record<string, string> = { 'content-type': contentType };
    if (options.tamper !== 'noToken') headers[center.tokenHeader] = options.tamper === 'token' ? `${center.token}-wrong` : center.token;
    const answer = await postToHub(target.toString(), headers, body, this.state.settings.pushTimeoutMs);
    const response = parseMaybeJson(answer.text);
    const reason = answer.failure ?? checkEventCenterReply(answer.httpStatus as number, response);
    const record = this.records.add({
      vendor: BIP_VENDOR,
      kind: 'event-center',
      api: eventType,
      method: 'POST',
      path: target.toString(),
      body: params,
      status: answer.httpStatus,
      response,
      outcome: reason ? 'failed' : 'delivered',
      detail: { tenantId: tenant.tenantId, contentType, tamper: options.tamper, replyValid: !reason, reason, durationMs: answer.durationMs },
    });
    return {
      seq: record.seq,
      url: target.toString(),
      contentType,
      params,
      headers,
      ...(options.tamper ? { tamper: options.tamper } : {}),
      httpStatus: answer.httpStatus,
      response,
      replyValid: !reason,
      ...(reason ? { reason } : {}),
      durationMs: answer.durationMs,
    };
  }
}

function checkEventCenterReply(status: number, response: unknown): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  if (typeof response !== 'object' || response === null) return 'reply is not a JSON object';
  const success = (response as Record<string, unknown>).success;
  return success === 'true' ? undefined : `reply success is ${JSON.stringify(success)}, not "true"`;
}
