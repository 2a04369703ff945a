import { Injectable } from '@nestjs/common';
import { queryText, YonyouU8AuthService, type U8Caller, type U8Query } from './yonyou-u8-auth.service';
import { U8_ERRCODES, u8Error, u8Id, type U8ErrorBody } from './yonyou-u8-errcodes';
import { YonyouU8StateService } from './yonyou-u8-state.service';
import type { U8AddRequest } from './yonyou-u8.types';

type Answer = Record<string, unknown>;

/**
 * `POST /api/<resource>/add` and its result [Y6]. `sync=1` answers the result at once: `{errcode:"0", id, tradeid}`
 * (MicroFeel `DbResult`, C# SDK `ApiResponse`). `sync=0` (the default) accepts the add and answers
 * `{errcode:"0", tradeid, url, ping_after}`; `GET url` keeps answering that shape (with `url`) while U8 is still
 * working, then the final answer without `url` (official C# SDK `BasicApi.Add`: polls until the answer has no `url`;
 * `url` = `https://api.yonyouup.com/result?requestid=…` in Yonyou's U8 SDK copies). The record is written when the
 * result becomes final; a code the resource already holds makes the add fail then (archive codes are unique).
 */
@Injectable()
export class YonyouU8AddService {
  constructor(
    private readonly state: YonyouU8StateService,
    private readonly auth: YonyouU8AuthService,
  ) {}

  add(resourceName: string, query: U8Query, body: unknown, caller: U8Caller, origin: string): Answer {
    const resource = this.state.resource(resourceName);
    if (!resource) return { ...u8Error(U8_ERRCODES.unknownApi, `接口 ${resourceName}/add 不存在`) };
    const tradeid = queryText(query, 'tradeid');
    const bizId = queryText(query, 'biz_id');
    // "tradeid与biz_id只能传入一个" (person/add doc).
    if (!tradeid === !bizId) return { ...u8Error(U8_ERRCODES.tradeKeyMissing, 'tradeid与biz_id只能传入一个') };
    const sync = queryText(query, 'sync') === '1';
    if (bizId) {
      // UNCONFIRMED: "需要保证biz_id与ERP主键唯一对应关系" (person/add doc); the simulator answers a repeated biz_id
      // like the first add (same requestid) and writes nothing again.
      const earlier = this.state.requestByBizId(caller.app.appKey, bizId);
      if (earlier) return sync ? this.settleNow(earlier) : this.accepted(earlier, origin);
    }
    const record = readRecord(body, resourceName, resource.keyField, resource.required);
    if ('errcode' in record) return { ...record };
    if (tradeid) {
      const refused = this.auth.consumeTradeid(caller.app, tradeid);
      if (refused) return { ...refused };
    }
    const request: U8AddRequest = {
      requestid: u8Id(),
      resource: resourceName,
      appKey: caller.app.appKey,
      key: record.key,
      fields: record.fields,
      ...(tradeid ? { tradeid } : { bizId }),
      plan: this.state.nextPlan(),
      state: 'pending',
      polls: 0,
      createdAt: Date.now(),
    };
    this.state.addRequest(request);
    return sync ? this.settleNow(request) : this.accepted(request, origin);
  }

  /** `GET /result?requestid=`: pending for `plan.pendingPolls` polls, then final. */
  result(requestid: string | undefined, origin: string): Answer {
    const request = requestid ? this.state.request(requestid) : undefined;
    if (!request) return { ...u8Error(U8_ERRCODES.requestUnknown, 'requestid不存在') };
    request.polls += 1;
    if (request.state === 'pending' && request.polls <= request.plan.pendingPolls) return this.accepted(request, origin);
    return this.settleNow(request);
  }

  /** Control: U8 finishes the add now (whatever the polls), as it would without anyone asking. */
  complete(requestid: string): U8AddRequest | undefined {
    const request = this.state.request(requestid);
    if (request) this.settleNow(request);
    return request;
  }

  private accepted(request: U8AddRequest, origin: string): Answer {
    return {
      errcode: '0',
      errmsg: '',
      ...(request.tradeid ? { tradeid: request.tradeid } : {}),
      url: `${origin}/result?requestid=${request.requestid}`,
      ping_after: this.state.settings.pingAfterSeconds,
    };
  }

  private settleNow(request: U8AddRequest): Answer {
    if (request.state === 'pending') request.final = this.finish(request);
    return { ...request.final };
  }

  private finish(request: U8AddRequest): Answer {
    const trade = request.tradeid ? { tradeid: request.tradeid } : {};
    if (request.plan.outcome === 'fail') {
      request.state = 'failed';
      return { errcode: request.plan.errcode ?? U8_ERRCODES.invalidData, errmsg: request.plan.errmsg ?? 'U8保存失败', ...trade };
    }
    if (this.state.record(request.resource, request.key)) {
      request.state = 'failed';
      return { errcode: U8_ERRCODES.duplicate, errmsg: `编码[${request.key}]已存在`, ...trade };
    }
    this.state.store({
      resource: request.resource,
      key: request.key,
      fields: request.fields,
      ...trade,
      ...(request.bizId ? { bizId: request.bizId } : {}),
      requestid: request.requestid,
      createdAt: Date.now(),
    });
    request.state = 'done';
    return { errcode: '0', errmsg: '', id: request.key, ...trade };
  }
}

/** `{ "<resource>": { <keyField>: …, … } }`: the record under the resource's name, every value a string. */
function readRecord(body: unknown, resource: string, keyField: string, required: string[]): { key: string; fields: Record<string, string> } | U8ErrorBody {
  const wrapper = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const inner = wrapper[resource];
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return u8Error(U8_ERRCODES.invalidData, `请求体缺少 ${resource}`);
  const fields = Object.fromEntries(
    Object.entries(inner as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  const missing = [keyField, ...required].filter((f) => !fields[f]);
  if (missing.length) return u8Error(U8_ERRCODES.invalidData, `${resource} 缺少必填字段: ${missing.join(',')}`);
  return { key: fields[keyField], fields };
}
