import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { legacyError, legacyRequestId, type DingtalkLegacyErrorBody } from './dingtalk-errors';
import { DingtalkTokenService } from './dingtalk-token.service';

interface SendResult {
  errcode: 0;
  errmsg: 'ok';
  task_id: number;
  request_id: string;
}

const MAX_USERIDS = 100;

/** Work notifications on the legacy origin; every answer is HTTP 200 and `errcode` tells the outcome. */
@Controller('topapi/message/corpconversation')
export class DingtalkMessageController {
  private nextTaskId = 256_271_667_526;

  constructor(private readonly tokens: DingtalkTokenService) {}

  /** [doc: asynchronous-send-business-notification] `POST /topapi/message/corpconversation/asyncsend_v2` */
  @Post('asyncsend_v2')
  @HttpCode(200)
  send(@Query() query: Record<string, unknown>, @Body() body: unknown): SendResult | DingtalkLegacyErrorBody {
    const auth = this.tokens.requireLegacy(query.access_token);
    if ('error' in auth) return auth.error;
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (fields.agent_id === undefined || String(fields.agent_id) !== auth.app.agentId) {
      return legacyError(40056, '不合法的agentid');
    }
    const msg = parseJsonField(fields.msg);
    if (typeof msg !== 'object' || msg === null || typeof (msg as Record<string, unknown>).msgtype !== 'string') {
      return legacyError(40035, '缺少参数 msg.msgtype');
    }
    const userIds = typeof fields.userid_list === 'string' ? fields.userid_list.split(',').filter(Boolean) : [];
    const toAll = fields.to_all_user === true || fields.to_all_user === 'true';
    if (userIds.length === 0 && !fields.dept_id_list && !toAll) {
      return legacyError(40035, '缺少参数 userid_list, dept_id_list 或 to_all_user');
    }
    if (userIds.length > MAX_USERIDS) return legacyError(40003, `userid_list最多${MAX_USERIDS}个`);
    return { errcode: 0, errmsg: 'ok', task_id: this.nextTaskId++, request_id: legacyRequestId() };
  }
}

/** Form posts carry `msg` as a JSON string. */
function parseJsonField(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
