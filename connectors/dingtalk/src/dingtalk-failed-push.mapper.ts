import { createHash } from 'node:crypto';
import { record, type VendorEvent } from '@hub/connector-sdk';
import { pushEventId } from './dingtalk-webhook.verifier';

/**
 * Keys under which a `failed_list` item may carry the pushed event (README "Missed pushes"): the doc nests it
 * under the item's `call_back_tag` as `callbackData` (其他回调), `bpmsCallBackData` (审批) or `roleLabelChange`
 * (角色); a public caller reads `callbackData` on the item itself; the v1.0 SDK model names it `callBackData`.
 */
const DATA_KEYS = ['callbackData', 'bpmsCallBackData', 'roleLabelChange', 'callBackData'] as const;


function text(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function firstData(holder: Record<string, unknown> | undefined): unknown {
  for (const key of DATA_KEYS) if (holder?.[key] !== undefined && holder[key] !== null) return holder[key];
  return undefined;
}

/** The event's text as pushed (a JSON string is kept byte for byte) and its object, when it is a JSON object. */
function eventText(data: unknown): { plaintext: string; msg?: Record<string, unknown> } {
  if (typeof data === 'string') {
    try {
      return { plaintext: data, msg: record(JSON.parse(data)) };
    } catch {
      return { plaintext: data };
    }
  }
  return { plaintext: JSON.stringify(data), msg: record(data) };
}

/**
 * Turns one `failed_list` item into the event its push would have stored, so both are one inbox record: the same
 * key (`eventId`, else `BizId`, else SHA-256 of the event text — as `pushEventId`), the same kind (`EventType`,
 * else `call_back_tag`) and the event text as payload. Pure. Where the item has no event data the doc describes,
 * the whole item is the payload (kind `call_back_tag`; such types are not followed by the mapper anyway).
 */
export function failedPushEvent(item: Record<string, unknown>): VendorEvent {
  const tag = text(item.call_back_tag) ?? text(item.callBackTag);
  const underTag = tag ? item[tag] : undefined;
  const data = firstData(record(underTag)) ?? firstData(item) ?? underTag;
  if (data === undefined || data === null) {
    const plaintext = JSON.stringify(item);
    return { externalEventId: `sha256:${createHash('sha256').update(plaintext, 'utf8').digest('hex')}`, kind: tag ?? 'unknown', mode: 'poll', payload: plaintext };
  }
  const { plaintext, msg } = eventText(data);
  return { externalEventId: pushEventId(msg ?? {}, plaintext), kind: text(msg?.EventType) ?? tag ?? 'unknown', mode: 'poll', payload: plaintext };
}
