import { Injectable } from '@nestjs/common';
import { ResetRegistry } from '../common/reset-registry.service';
import type { DingtalkApp } from './dingtalk.types';

/** At most this many failed pushes per answer [doc: list-of-events-where-historical-push-notifications-failed]. */
export const FAILED_LIST_PAGE = 200;

/** One `failed_list` item in the doc's layout: the event under its tag as `callbackData` (其他回调), with corpid. */
export type FailedPushItem = { call_back_tag: string; event_time: number } & Record<string, unknown>;

/**
 * DingTalk's list of pushes it finally failed to deliver, per app. Reading takes (removes) what it returns, oldest
 * first, ≤200 at a time, with `has_more` when more wait (a public caller's note on the doc: "调用该API后，dingtalk会立即
 * 删除该次的数据"; the doc pages by `has_more` with no cursor). Empty again on reset.
 */
@Injectable()
export class DingtalkFailedPushService {
  private readonly lists = new Map<string, FailedPushItem[]>();

  constructor(resets: ResetRegistry) {
    resets.register(() => this.lists.clear());
  }

  /** Keeps an event the push never delivered: `plaintext` is the JSON that was (to be) encrypted and pushed. */
  add(app: DingtalkApp, eventType: string, eventTime: number, plaintext: string): void {
    const list = this.lists.get(app.appKey) ?? [];
    list.push({ call_back_tag: eventType, event_time: eventTime, [eventType]: { corpid: app.corpId, callbackData: plaintext } });
    this.lists.set(app.appKey, list);
  }

  /** Removes and returns the oldest ≤200 items of the app's list, and whether more remain. */
  take(appKey: string): { items: FailedPushItem[]; hasMore: boolean } {
    const list = this.lists.get(appKey) ?? [];
    const items = list.splice(0, FAILED_LIST_PAGE);
    return { items, hasMore: list.length > 0 };
  }

  /** Everything still listed, by appKey, without taking it (control API). */
  peek(): Record<string, FailedPushItem[]> {
    return Object.fromEntries([...this.lists].map(([appKey, items]) => [appKey, [...items]]));
  }
}
