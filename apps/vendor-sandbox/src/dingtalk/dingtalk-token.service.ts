import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ResetRegistry } from '../common/reset-registry.service';
import { DingtalkV1Error, legacyGatewayError, type DingtalkLegacyErrorBody } from './dingtalk-errors';
import { DingtalkStateService } from './dingtalk-state.service';
import type { DingtalkApp } from './dingtalk.types';

interface IssuedToken {
  token: string;
  appKey: string;
  expiresAt: number;
}

export type TokenLookup = { state: 'valid'; app: DingtalkApp } | { state: 'missing' | 'unknown' | 'expired' };

export const V1_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

/**
 * Internal-app access tokens: one live token per app; asking again inside its window returns the same
 * token with a fresh TTL [doc: obtain-the-access-token-of-an-internal-app]. v1.0 and oapi share tokens.
 */
@Injectable()
export class DingtalkTokenService {
  private tokens = new Map<string, IssuedToken>();
  private currentByApp = new Map<string, IssuedToken>();

  constructor(
    private readonly state: DingtalkStateService,
    resets: ResetRegistry,
  ) {
    resets.register(() => {
      this.tokens.clear();
      this.currentByApp.clear();
    });
  }

  /** Undefined when the key/secret pair is wrong. */
  issue(appKey: unknown, appSecret: unknown, now = Date.now()): IssuedToken | undefined {
    const app = typeof appKey === 'string' ? this.state.appByKey(appKey) : undefined;
    if (!app || app.appSecret !== appSecret) return undefined;
    const ttlMs = this.state.settings.tokenTtlSeconds * 1000;
    const current = this.currentByApp.get(app.appKey);
    if (current && current.expiresAt > now) {
      current.expiresAt = now + ttlMs;
      return current;
    }
    const issued: IssuedToken = { token: randomBytes(16).toString('hex'), appKey: app.appKey, expiresAt: now + ttlMs };
    this.tokens.set(issued.token, issued);
    this.currentByApp.set(app.appKey, issued);
    return issued;
  }

  lookup(token: string | undefined, now = Date.now()): TokenLookup {
    if (!token) return { state: 'missing' };
    const issued = this.tokens.get(token);
    if (!issued) return { state: 'unknown' };
    if (issued.expiresAt <= now) return { state: 'expired' };
    const app = this.state.appByKey(issued.appKey);
    return app ? { state: 'valid', app } : { state: 'unknown' };
  }

  /** Control call: every issued token stops working at once (the next accessToken call mints a new one). */
  expireAll(now = Date.now()): number {
    for (const issued of this.tokens.values()) issued.expiresAt = Math.min(issued.expiresAt, now - 1);
    return this.tokens.size;
  }

  /** v1.0 auth: header token or a thrown v1.0 error (codes as a live probe of api.dingtalk.com shows them). */
  requireV1(headerValue: string | string[] | undefined): DingtalkApp {
    const token = Array.isArray(headerValue) ? headerValue[0] : headerValue;
    const found = this.lookup(token);
    if (found.state === 'valid') return found.app;
    const status = this.state.settings.authErrorStatus;
    if (found.state === 'missing') {
      throw new DingtalkV1Error(status, 'AuthenticationFailed.MissingParameter', `缺少参数：${V1_TOKEN_HEADER}`);
    }
    throw new DingtalkV1Error(status, 'InvalidAuthentication', '不合法的access_token');
  }

  /** oapi auth: `?access_token=`; failures are HTTP 200 bodies with errcode 88 and the reason in sub_code. */
  requireLegacy(queryValue: unknown): { app: DingtalkApp } | { error: DingtalkLegacyErrorBody } {
    const found = this.lookup(typeof queryValue === 'string' ? queryValue : undefined);
    if (found.state === 'valid') return { app: found.app };
    if (found.state === 'missing') return { error: legacyGatewayError('40000', 'access_token is blank') };
    return { error: legacyGatewayError('40014', '不合法的access_token') };
  }
}
