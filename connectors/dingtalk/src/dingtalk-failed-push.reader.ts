import type { Connection, VendorEvent } from '@hub/connector-sdk';
import type { Pace } from './call-budget';
import type { DingTalkApiClient } from './dingtalk-api.client';
import { failedPushEvent } from './dingtalk-failed-push.mapper';

/**
 * Reads DingTalk's failed-push list through all pages (`has_more`) and returns each failed push as the event its
 * delivery would have stored (`failedPushEvent`), de-duplicated, in list order. Each page waits for `pace`.
 * DingTalk removes what it returns (README "Missed pushes"), so:
 * - an error on the first page fails the call (nothing was taken; the caller's poll fails and runs again);
 * - an error on a later page ends the reading with the pages already taken (they exist nowhere else now);
 *   the rest stays in the list for the next run;
 * - a page that brings nothing new (a DingTalk that does not remove what it returns) or `maxPages` pages end it.
 */
export async function readFailedPushes(client: DingTalkApiClient, conn: Connection, pace: Pace, maxPages: number): Promise<VendorEvent[]> {
  const events = new Map<string, VendorEvent>();
  for (let page = 0; page < maxPages; page++) {
    let result;
    try {
      await pace();
      result = await client.getFailedPushPage(conn);
    } catch (e) {
      if (page === 0) throw e;
      break;
    }
    let fresh = 0;
    for (const item of result.items) {
      const event = failedPushEvent(item);
      if (events.has(event.externalEventId)) continue;
      events.set(event.externalEventId, event);
      fresh++;
    }
    if (!result.hasMore || fresh === 0) break;
  }
  return [...events.values()];
}
