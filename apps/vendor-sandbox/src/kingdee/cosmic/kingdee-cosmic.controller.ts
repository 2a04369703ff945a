import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RecordStore, type SandboxRecord } from '../../common/record-store.service';
import { runQuery, runSave, saveTooLarge } from './kingdee-cosmic-ops';
import { COSMIC_VENDOR } from './kingdee-cosmic.catalog';
import { KingdeeCosmicStateService, toForm } from './kingdee-cosmic-state.service';
import { fail, ok, type CosmicEnvelope, type CosmicFormSeed, type CosmicSettings } from './kingdee-cosmic.types';

const TOKEN_FIELDS = ['client_id', 'client_secret', 'username', 'accountId', 'nonce', 'timestamp'] as const;

/** `timestamp` as [K3] allows it: `yyyy-MM-dd HH:mm:ss` (UTC+8 wall clock), ISO with zone (V7.0.13+), or epoch ms. */
export function parseCosmicTimestamp(value: string): number {
  if (/^\d{13}$/.test(value)) return Number(value);
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return Date.parse(`${value.replace(' ', 'T')}+08:00`);
  return Date.parse(value);
}

function bodyOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** The Cosmic OpenAPI: enhanced-token auth [K3] and form operations on `/kapi/v2/{isv}/{appId}/{formId}/{op}`. */
@Controller('kapi')
export class KingdeeCosmicController {
  constructor(private readonly state: KingdeeCosmicStateService) {}

  @Post('oauth2/getToken')
  @HttpCode(200)
  getToken(@Body() raw: unknown, @Res({ passthrough: true }) reply: FastifyReply): CosmicEnvelope {
    const body = bodyOf(raw);
    const missing = TOKEN_FIELDS.filter((f) => typeof body[f] !== 'string' || !body[f]);
    if (missing.length) return fail('603', `请求参数错误: ${missing.join(', ')}`);
    const at = parseCosmicTimestamp(String(body.timestamp));
    if (!Number.isFinite(at) || Math.abs(at - Date.now()) > this.state.settings.timestampWindowMs) return fail('603', '请求参数错误: timestamp');
    const app = this.state.apps.find((a) => a.clientId === body.client_id && a.accountId === body.accountId);
    if (!app || app.clientSecret !== body.client_secret || app.username !== body.username) {
      return fail('401', '不正确的第三方应用编码client_id或client_secret');
    }
    void reply;
    const token = this.state.issue(app);
    return ok({
      access_token: token.value,
      token_type: 'Bearer',
      refresh_token: `${token.value.slice(-12)}-refresh`,
      scope: 'API',
      expires_in: String(this.state.settings.tokenTtlMs),
      id_token: `OPENAPIAUTH_${Buffer.from(`jwt.${token.value.slice(-16)}`).toString('base64')}`,
      id_token_expires_in: String(this.state.settings.tokenTtlMs),
      language: typeof body.language === 'string' && body.language ? body.language : 'zh_CN',
    });
  }

  /** `{client_id, token_type_hint, token, accountId, nonce, timestamp}` → `{expires_in (ms left), active, scope}`; 612 when expired [KT]. */
  @Post('oauth2/verifyToken')
  @HttpCode(200)
  verifyToken(@Body() raw: unknown): CosmicEnvelope {
    const body = bodyOf(raw);
    if (typeof body.client_id !== 'string' || typeof body.token !== 'string') return fail('603', '请求参数错误');
    const found = this.state.lookup(body.token);
    if (found.state !== 'valid' || found.token.app.clientId !== body.client_id) return fail('612', 'AccessToken verify failed');
    return ok({ expires_in: String(found.token.expiresAt - Date.now()), active: true, scope: 'API' });
  }

  /** `{client_id, client_secret, token_type_hint, token, accountId, nonce, timestamp}` → `data: true`; 611 when nothing was withdrawn [KT]. */
  @Post('oauth2/withdrawToken')
  @HttpCode(200)
  withdrawToken(@Body() raw: unknown): CosmicEnvelope {
    const body = bodyOf(raw);
    const app = this.state.apps.find((a) => a.clientId === body.client_id);
    if (!app || app.clientSecret !== body.client_secret) return fail('401', '不正确的第三方应用编码client_id或client_secret');
    const token = typeof body.token === 'string' ? this.state.tokens.get(body.token) : undefined;
    if (!token || token.app.clientId !== app.clientId) return fail('611', '撤回失败');
    this.state.tokens.delete(body.token as string);
    return ok(true, 'true');
  }

  @Post('v2/:isv/:appId/:formId/:op')
  @HttpCode(200)
  business(
    @Param('isv') isv: string,
    @Param('appId') appId: string,
    @Param('formId') formId: string,
    @Param('op') op: string,
    @Headers() headers: Record<string, string | undefined>,
    @Body() raw: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): CosmicEnvelope {
    return this.operate(isv, appId, formId, op, headers, raw, reply);
  }

  /** Kingdee's own forms: the isv segment is empty [K3 doc copy], i.e. `/kapi/v2/{appId}/{formId}/{op}`. */
  @Post('v2/:appId/:formId/:op')
  @HttpCode(200)
  standard(
    @Param('appId') appId: string,
    @Param('formId') formId: string,
    @Param('op') op: string,
    @Headers() headers: Record<string, string | undefined>,
    @Body() raw: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): CosmicEnvelope {
    return this.operate('', appId, formId, op, headers, raw, reply);
  }

  private operate(isv: string, appId: string, formId: string, op: string, headers: Record<string, string | undefined>, raw: unknown, reply: FastifyReply): CosmicEnvelope {
    const found = this.state.lookup(headers.access_token ?? headers.accesstoken);
    if (found.state !== 'valid') {
      reply.code(this.state.settings.authErrorStatus);
      return fail(this.state.settings.authErrorCode, found.state === 'missing' ? '缺少access_token' : `access_token ${found.state === 'expired' ? '已过期' : '无效'}`);
    }
    if (found.token.app.identity && headers['x-acgw-identity'] !== found.token.app.identity) {
      reply.code(this.state.settings.authErrorStatus);
      return fail(this.state.settings.authErrorCode, 'x-acgw-identity 无效');
    }
    const form = this.state.form(isv, appId, formId);
    if (!form) {
      reply.code(404);
      return fail('404', `表单 ${formId} 不存在`);
    }
    const body = bodyOf(raw);
    if (op === 'query') return ok(runQuery(this.state, form, body));
    if (op === 'save') {
      const tooLarge = saveTooLarge(this.state, body);
      if (tooLarge) return fail('603', tooLarge);
      const outcome = runSave(this.state, form, body);
      return ok(outcome.data);
    }
    reply.code(404);
    return fail('404', `操作 ${op} 不存在`);
  }
}

/** Test and demo control of the Cosmic simulator (not Kingdee's API). */
@Controller('_sandbox/kingdee/cosmic')
export class KingdeeCosmicControlController {
  constructor(
    private readonly state: KingdeeCosmicStateService,
    private readonly records: RecordStore,
  ) {}

  @Get('state')
  snapshot(): Record<string, unknown> {
    return {
      settings: this.state.settings,
      tokensIssued: this.state.issued,
      forms: this.state.forms.map((f) => ({ isv: f.isv, appId: f.appId, formId: f.formId, keyField: f.keyField, rows: f.rows })),
      pendingSaveErrors: this.state.saveErrors.length,
    };
  }

  @Get('records')
  list(@Query('kind') kind?: string, @Query('since') since?: string): SandboxRecord[] {
    return this.records.list({ vendor: COSMIC_VENDOR, kind, since: since ? Number(since) : undefined });
  }

  /** Every issued token stops working now. */
  @Post('expire-tokens')
  @HttpCode(200)
  expire(): { expired: number } {
    return { expired: this.state.expireAll() };
  }

  /** The next `count` rows saved into `formId` (`*` = any form) fail with `message`; with `match` only rows holding those field values (e.g. `{hubkey}`). */
  @Post('save-errors')
  @HttpCode(200)
  saveErrors(@Body() raw: unknown): { pending: number } {
    const body = bodyOf(raw);
    if (typeof body.formId !== 'string' || !body.formId) throw new BadRequestException('formId is required');
    const count = body.count === undefined ? 1 : Number(body.count);
    if (!Number.isInteger(count) || count < 1) throw new BadRequestException('count must be a positive integer');
    const message = typeof body.message === 'string' && body.message ? body.message : '数据校验失败';
    const match = body.match === undefined ? undefined : bodyOf(body.match);
    for (let i = 0; i < count; i += 1) this.state.saveErrors.push({ formId: body.formId, message, ...(match ? { match } : {}) });
    return { pending: this.state.saveErrors.length };
  }

  /** Adds or replaces rows of a form (e.g. an interview becoming cancelled); `modifytime` is the caller's. */
  @Post('forms/:formId/rows')
  @HttpCode(200)
  upsertRows(@Param('formId') formId: string, @Body() raw: unknown): { rows: number } {
    const form = this.state.forms.find((f) => f.formId === formId);
    if (!form) throw new BadRequestException(`form ${formId} is not seeded`);
    const rows = bodyOf(raw).rows;
    if (!Array.isArray(rows)) throw new BadRequestException('rows must be an array');
    for (const row of toForm({ appId: form.appId, formId, rows: rows as Record<string, unknown>[] } as CosmicFormSeed).rows) {
      const index = form.rows.findIndex((r) => String(r.id) === String(row.id));
      if (index >= 0) form.rows[index] = { ...form.rows[index], ...row };
      else form.rows.push(row);
    }
    return { rows: form.rows.length };
  }

  @Post('settings')
  @HttpCode(200)
  settings(@Body() raw: unknown): CosmicSettings {
    Object.assign(this.state.settings, bodyOf(raw));
    return this.state.settings;
  }
}
