import type { Connection, RawWebhook, VerifiedWebhook } from '@hub/connector-sdk';
import { receiveEventCenter } from './bip-event-center.receiver';
import { verifyBipPush } from './bip-push.verifier';

/** Query value that routes a delivery to the event-center receiver: `POST /webhooks/{tenant}/{connection}?channel=event-center`. */
export const EVENT_CENTER_CHANNEL = 'event-center';

/**
 * One webhook URL serves both YonBIP push channels: the event center's REST subscriptions carry
 * `?channel=event-center` (set in the subscription's URL), everything else is an open-platform push.
 */
export async function verifyBipWebhook(req: RawWebhook, conn: Connection, nowMs: number = Date.now()): Promise<VerifiedWebhook> {
  return req.query.channel === EVENT_CENTER_CHANNEL ? receiveEventCenter(req, conn) : verifyBipPush(req, conn, nowMs);
}
