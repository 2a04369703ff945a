import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, createHmac } from 'node:crypto';
import { failure, loginAnswer, queryFailure, responseStatus, type K3Error, type K3Success } from './kingdee-k3-envelope';
import { filterRows, orderRows } from './kingdee-k3-query';
import { KingdeeK3StateService } from './kingdee-k3-state.service';

export const K3_AUTH = 'Kingdee.BOS.WebApi.ServicesStub.AuthService.';
export const K3_FORM = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.';
export const K3_SESSION = 'kdservice-sessionid';
/** What a lost session answers with MsgCode 1 (UNCONFIRMED wording, K3.md). */
const LOST_MESSAGE = '会话信息已丢失，请重新登录';

type Json = Record<string, unknown>;

/** Parameters arrive as JSON values or as JSON text (the Python SDK sends text) [K1]. */
function param(body: unknown, i: number): unknown {
  const p = (body as { parameters?: unknown[] } | undefined)?.parameters?.[i];
  if (typeof p !== 'string') return p;
  try {
    return JSON.parse(p);
  } catch {
    return p;
  }
}

function cookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers[name];
  if (typeof header === 'string' && header) return header;
  for (const part of String(request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function k3Sign(values: string[], algorithm: 'sha256' | 'sha1'): string {
  return createHash(algorithm).update([...values].sort().join(''), 'utf8').digest('hex');
}

/** K/3 Cloud WebAPI: `POST /K3Cloud/<service>.<Method>.common.kdsvc` with `{parameters:[…]}` [K1]. */
@Controller('K3Cloud')
export class KingdeeK3ApiController {
  constructor(private readonly state: KingdeeK3StateService) {}

  @Post(':stub')
  @HttpCode(200)
  call(@Param('stub') stub: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): unknown {
    const method = stub.replace(/\.common\.kdsvc$/, '');
    if (method.startsWith(K3_AUTH)) return this.login(method.slice(K3_AUTH.length), body, reply);
    if (!method.startsWith(K3_FORM)) return failure(`未知服务 ${stub}`);
    const op = method.slice(K3_FORM.length);
    this.state.countFormCall(op);
    const signed = request.headers['x-kd-appkey'] !== undefined;
    if (signed) {
      const refused = this.checkSigned(request);
      if (refused) {
        reply.code(401);
        return { Message: refused, InnerException: null };
      }
    } else if (!this.state.session(cookie(request, K3_SESSION))) {
      if (this.state.settings.lostSession === 'http401') {
        reply.code(401);
        return { Message: LOST_MESSAGE, InnerException: null };
      }
      return op === 'ExecuteBillQuery' ? queryFailure(LOST_MESSAGE, 1) : failure(LOST_MESSAGE, 1);
    }
    switch (op) {
      case 'ExecuteBillQuery':
        return this.query(param(body, 0));
      case 'Save':
      case 'BatchSave':
        return this.save(String(param(body, 0)), param(body, 1));
      case 'Submit':
      case 'Audit':
        return this.status(op, String(param(body, 0)), param(body, 1));
      default:
        return failure(`模拟器不支持操作 ${op}`);
    }
  }

  /** Stateless signed headers (Java SDK 8.x) [K1]: both HMACs, a fresh timestamp, a nonce used once. */
  private checkSigned(request: FastifyRequest): string | undefined {
    const h = (n: string) => String(request.headers[n.toLowerCase()] ?? '');
    const account = this.state.accounts.find((a) => a.appId === h('X-Kd-Appkey'));
    if (!account?.gwSecret) return 'unknown X-Kd-Appkey';
    const hmac = (key: string, data: string) => Buffer.from(createHmac('sha256', key).update(data, 'utf8').digest('hex'), 'utf8').toString('base64');
    const ts = h('x-api-timestamp');
    const nonce = h('x-api-nonce');
    const path = request.url.split('?')[0];
    if (Math.abs(Date.now() / 1000 - Number(ts)) > this.state.settings.signWindowSeconds) return 'x-api-timestamp outside the window';
    if (h('X-Api-Signature') !== hmac(account.gwSecret, `POST\n${encodeURIComponent(path)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${ts}\n`)) return 'X-Api-Signature mismatch';
    if (h('X-Kd-Signature') !== hmac(account.appSecret, account.appId + h('X-Kd-Appdata'))) return 'X-Kd-Signature mismatch';
    const [acctId, user] = Buffer.from(h('X-Kd-Appdata'), 'base64').toString('utf8').split(',');
    if (acctId !== account.acctId || user !== account.user) return 'X-Kd-Appdata names another account';
    if (!this.state.useNonce(nonce)) return 'x-api-nonce replayed';
    return undefined;
  }

  private login(method: string, body: unknown, reply: FastifyReply): Json {
    const [acctId, user, appId] = [0, 1, 2].map((i) => String(param(body, i) ?? ''));
    const account = this.state.accounts.find((a) => a.acctId === acctId && a.user === user && a.appId === appId);
    let ok = false;
    if (account && method === 'LoginBySign') {
      const ts = String(param(body, 3) ?? '');
      const sign = String(param(body, 4) ?? '');
      const fresh = Math.abs(Date.now() / 1000 - Number(ts)) <= this.state.settings.signWindowSeconds;
      ok = fresh && sign === k3Sign([acctId, user, appId, account.appSecret, ts], this.state.settings.signAlgorithm);
    } else if (account && method === 'LoginByAppSecret') {
      ok = String(param(body, 3) ?? '') === account.appSecret;
    } else if (method !== 'LoginBySign' && method !== 'LoginByAppSecret') {
      return loginAnswer(false, `模拟器不支持 ${method}`);
    }
    if (!ok || !account) return loginAnswer(false, '用户名或密码错误 / 签名校验失败');
    const session = this.state.login(account);
    reply.header('set-cookie', [`${K3_SESSION}=${session.id}; path=/`, `ASP.NET_SessionId=${session.id}; path=/`]);
    return loginAnswer(true, '', session.id);
  }

  private query(raw: unknown): unknown {
    const q = (raw ?? {}) as Json;
    const formId = String(q.FormId ?? '');
    const form = this.state.forms.get(formId);
    if (!form) return queryFailure(`业务对象 ${formId} 不存在`);
    const keys = String(q.FieldKeys ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    if (!keys.length) return queryFailure('FieldKeys 不能为空');
    let rows;
    try {
      rows = orderRows(filterRows(form.rows, q.FilterString as string | undefined), q.OrderString as string | undefined);
    } catch (e) {
      return queryFailure((e as Error).message);
    }
    const start = Math.max(0, Number(q.StartRow ?? 0) || 0);
    const limit = Math.min(Number(q.Limit ?? 0) || this.state.settings.maxLimit, this.state.settings.maxLimit);
    const top = Number(q.TopRowCount ?? 0) || Infinity;
    return rows
      .slice(0, top)
      .slice(start, start + limit)
      .map((row) => keys.map((k) => row[k] ?? null));
  }

  private save(formId: string, data: unknown): Json {
    const model = (data as Json | undefined)?.Model;
    const models = (Array.isArray(model) ? model : model ? [model] : []) as Json[];
    if (!models.length) return failure('Model 不能为空');
    if (models.length > this.state.settings.maxBatchRows) return failure(`单次保存数据超过 ${this.state.settings.maxBatchRows} 条`);
    const errors: K3Error[] = [];
    const successes: K3Success[] = [];
    const keyField = this.state.form(formId).keyField;
    models.forEach((m, i) => {
      const armed = this.state.takeRowError(formId, m);
      if (armed) {
        errors.push({ FieldName: armed.fieldName ?? null, Message: armed.message, DIndex: i });
        return;
      }
      if (this.state.settings.duplicateKey === 'refuse' && this.state.duplicateOf(formId, m)) {
        errors.push({ FieldName: keyField, Message: `${keyField} 值 ${String(m[keyField])} 已存在，不允许重复`, DIndex: i });
        return;
      }
      const { row } = this.state.insert(formId, { ...m });
      successes.push({ Id: row.FID as number, Number: String(row[keyField] ?? row.FNumber ?? ''), DIndex: i });
    });
    const answer = responseStatus(errors, successes);
    return answer;
  }

  private status(op: 'Submit' | 'Audit', formId: string, data: unknown): Json {
    const d = (data ?? {}) as Json;
    const form = this.state.forms.get(formId);
    if (!form) return failure(`业务对象 ${formId} 不存在`);
    const numbers = (Array.isArray(d.Numbers) ? d.Numbers : []).map(String);
    const ids = String(d.Ids ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const errors: K3Error[] = [];
    const successes: K3Success[] = [];
    const targets = [...numbers.map((n) => ({ by: form.keyField, v: n })), ...ids.map((v) => ({ by: 'FID', v }))];
    targets.forEach((t, i) => {
      const row = form.rows.find((r) => String(r[t.by]) === t.v);
      if (!row) return errors.push({ FieldName: null, Message: `单据 ${t.v} 不存在`, DIndex: i });
      row.FDocumentStatus = op === 'Submit' ? 'B' : 'C';
      successes.push({ Id: row.FID as number, Number: String(row[form.keyField] ?? ''), DIndex: i });
    });
    return responseStatus(errors, successes);
  }
}
