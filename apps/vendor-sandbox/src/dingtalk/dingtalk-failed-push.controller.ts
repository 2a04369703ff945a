import { Controller, Get, Query } from '@nestjs/common';
import { legacyRequestId, type DingtalkLegacyErrorBody } from './dingtalk-errors';
import { DingtalkFailedPushService, type FailedPushItem } from './dingtalk-failed-push.service';
import { DingtalkTokenService } from './dingtalk-token.service';

interface FailedListAnswer {
  errcode: 0;
  errmsg: 'ok';
  failed_list: FailedPushItem[];
  has_more: boolean;
  request_id: string;
}

/** The failed-push list on the legacy origin (HTTP 200 always; `errcode` tells the outcome), and a peek at it. */
@Controller()
export class DingtalkFailedPushController {
  constructor(
    private readonly tokens: DingtalkTokenService,
    private readonly failed: DingtalkFailedPushService,
  ) {}

  /** [doc: list-of-events-where-historical-push-notifications-failed] `GET /call_back/get_call_back_failed_result?access_token=` */
  @Get('call_back/get_call_back_failed_result')
  list(@Query() query: Record<string, unknown>): FailedListAnswer | DingtalkLegacyErrorBody {
    const auth = this.tokens.requireLegacy(query.access_token);
    if ('error' in auth) return auth.error;
    const { items, hasMore } = this.failed.take(auth.app.appKey);
    return { errcode: 0, errmsg: 'ok', failed_list: items, has_more: hasMore, request_id: legacyRequestId() };
  }

  /** Control API: every app's failed pushes, without taking them. */
  @Get('_sandbox/dingtalk/failed-pushes')
  peek(): Record<string, FailedPushItem[]> {
    return this.failed.peek();
  }
}
