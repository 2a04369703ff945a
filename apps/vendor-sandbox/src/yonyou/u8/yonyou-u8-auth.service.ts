import { Injectable } from '@nestjs/common';
import { ResetRegistry } from '../../common/reset-registry.service';
import { U8_ERRCODES, u8Error, u8Id, type U8ErrorBody } from './yonyou-u8-errcodes';
import { YonyouU8StateService } from './yonyou-u8-state.service';
import type { U8SeedApp } from './yonyou-u8.types';

interface IssuedToken {
  id: string;
  appKey: string;
  expiresAt: number;
}

interface IssuedTradeid {
  id: string;
  appKey: string;
  used: boolean;
}

/** The caller of a business call, once its token and accounts checked out. */
export interface U8Caller {
  app: U8SeedApp;
  toAccount: string;
}

export type U8Query = Record<string, unknown>;

/** A non-empty string query parameter (U8 passes everything in the query string). */
export function queryText(query: U8Query, name: string): string | undefined {
  const v = query[name];
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * U8 open-platform credentials [Y6]: `GET /system/token?from_account&app_key&app_secret` → `token.id`, valid ~2 h
 * (official C# SDK); `GET /system/tradeid?from_account&app_key&token` → `trade.id`, one per write. The simulator makes
 * every tradeid single-use: a second add with it is refused and nothing is applied (UNCONFIRMED: U8 may instead
 * replay the first answer; the connector never reuses one, so it does not depend on which).
 */
@Injectable()
export class YonyouU8AuthService {
  private tokens = new Map<string, IssuedToken>();
  private tradeids = new Map<string, IssuedTradeid>();

  constructor(
    private readonly state: YonyouU8StateService,
    resets: ResetRegistry,
  ) {
    resets.register(() => {
      this.tokens.clear();
      this.tradeids.clear();
    });
  }

  issueToken(query: U8Query, now = Date.now()): { token: IssuedToken; app: U8SeedApp } | U8ErrorBody {
    const app = this.state.app(queryText(query, 'app_key') ?? '');
    if (!app || app.appSecret !== queryText(query, 'app_secret')) return u8Error(U8_ERRCODES.credentials, 'app_key或app_secret错误');
    if (app.fromAccount !== queryText(query, 'from_account')) return u8Error(U8_ERRCODES.fromAccount, 'from_account与应用不匹配');
    const token: IssuedToken = { id: u8Id(), appKey: app.appKey, expiresAt: now + this.state.settings.tokenTtlSeconds * 1000 };
    this.tokens.set(token.id, token);
    return { token, app };
  }

  /** The app behind a valid token, for the gate's records. */
  appOfToken(token: unknown, now = Date.now()): string | undefined {
    const issued = typeof token === 'string' ? this.tokens.get(token) : undefined;
    return issued && issued.expiresAt > now ? issued.appKey : undefined;
  }

  /** Checks app_key, token and from_account (tradeid calls); business calls also need `to_account` (see `caller`). */
  private app(query: U8Query, now: number): U8SeedApp | U8ErrorBody {
    const app = this.state.app(queryText(query, 'app_key') ?? '');
    if (!app) return u8Error(U8_ERRCODES.credentials, 'app_key不存在');
    const token = this.tokens.get(queryText(query, 'token') ?? '');
    if (!token || token.appKey !== app.appKey || token.expiresAt <= now) return u8Error(U8_ERRCODES.tokenInvalid, 'token无效或已过期');
    if (app.fromAccount !== queryText(query, 'from_account')) return u8Error(U8_ERRCODES.fromAccount, 'from_account与应用不匹配');
    return app;
  }

  issueTradeid(query: U8Query, now = Date.now()): { id: string } | U8ErrorBody {
    const app = this.app(query, now);
    if ('errcode' in app) return app;
    const trade: IssuedTradeid = { id: u8Id(), appKey: app.appKey, used: false };
    this.tradeids.set(trade.id, trade);
    return { id: trade.id };
  }

  /** A business call's caller: valid token, an online app, and a `to_account` that granted it access. */
  caller(query: U8Query, now = Date.now()): U8Caller | U8ErrorBody {
    const app = this.app(query, now);
    if ('errcode' in app) return app;
    if (!app.online) return u8Error(U8_ERRCODES.appOffline, '此应用未上线');
    const toAccount = queryText(query, 'to_account');
    if (!toAccount || !app.toAccounts.includes(toAccount)) return u8Error(U8_ERRCODES.notAuthorized, 'to_account未授权此应用');
    if (!this.state.settings.clientOnline) return u8Error(U8_ERRCODES.clientOffline, '企业的U8开放平台客户端未运行');
    return { app, toAccount };
  }

  /** Uses up a tradeid of this app; refuses an unknown or already used one. */
  consumeTradeid(app: U8SeedApp, tradeid: string): U8ErrorBody | undefined {
    const trade = this.tradeids.get(tradeid);
    if (!trade || trade.appKey !== app.appKey) return u8Error(U8_ERRCODES.tradeidInvalid, 'tradeid无效');
    if (trade.used) return u8Error(U8_ERRCODES.tradeidInvalid, 'tradeid已被使用');
    trade.used = true;
    return undefined;
  }

  /** Control: every issued token stops working (the next business call answers the token errcode). */
  expireAll(now = Date.now()): number {
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now - 1);
    return this.tokens.size;
  }

  counts(): { tokens: number; tradeids: number; tradeidsUsed: number } {
    const trades = [...this.tradeids.values()];
    return { tokens: this.tokens.size, tradeids: trades.length, tradeidsUsed: trades.filter((t) => t.used).length };
  }
}
