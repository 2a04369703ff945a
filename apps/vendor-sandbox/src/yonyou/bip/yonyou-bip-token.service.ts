import { Injectable } from '@nestjs/common';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ResetRegistry } from '../../common/reset-registry.service';
import { BIP_CODES, type BipCode } from './yonyou-bip-envelope';
import { YonyouBipStateService } from './yonyou-bip-state.service';
import type { BipTenant } from './yonyou-bip.types';

interface IssuedToken {
  token: string;
  tenantId: string;
  appKey: string;
  expiresAt: number;
}

export type BipTokenLookup = { state: 'valid'; tenant: BipTenant } | { state: 'missing' | 'unknown' | 'expired' };

/**
 * The self-built-app signature [Y2; corp-demo `SignHelper`]: every query parameter except `signature`, sorted by
 * name, written name then value; HmacSHA256 keyed by the app secret; Base64. On the wire it is URL-encoded once
 * (corp-demo appends `URLEncoder.encode(base64)` without encoding again; the doc example shows `%2F`, `%2B`, `%3D`),
 * so the query parser's single decoding must give back the Base64 exactly.
 */
export function expectedSignature(params: Record<string, string>, appSecret: string): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'signature')
    .sort()
    .map((name) => `${name}${params[name]}`)
    .join('');
  return createHmac('sha256', appSecret).update(text, 'utf8').digest('base64');
}

/** "New tokens contain special characters, so URL-encode them" [Y2]: every simulated token has `+`, `/` and `=`. */
function newToken(): string {
  return `${randomBytes(15).toString('base64')}+/${randomBytes(16).toString('base64')}`;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Access tokens: a new one per request, each valid `tokenTtlSeconds` (UNCONFIRMED whether YonBIP reuses a live one). */
@Injectable()
export class YonyouBipTokenService {
  private tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly state: YonyouBipStateService,
    resets: ResetRegistry,
  ) {
    resets.register(() => this.tokens.clear());
  }

  /** A token for a signed request, or why it is refused. */
  issue(query: Record<string, unknown>, now = Date.now()): { token: string; expire: number } | { error: BipCode } {
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(query)) if (typeof value === 'string') params[name] = value;
    const { appKey, timestamp, signature } = params;
    if (!appKey || !timestamp || !signature) return { error: BIP_CODES.tokenParamMissing };
    const tenant = this.state.tenantByAppKey(appKey);
    if (!tenant) return { error: BIP_CODES.unknownApp };
    if (!sameText(signature, expectedSignature(params, tenant.appSecret))) return { error: BIP_CODES.badSignature };
    const windowMs = this.state.settings.timestampWindowSeconds * 1000;
    if (!/^\d{13}$/.test(timestamp) || Math.abs(Number(timestamp) - now) > windowMs) return { error: BIP_CODES.staleTimestamp };
    const ttl = this.state.settings.tokenTtlSeconds;
    const issued: IssuedToken = { token: newToken(), tenantId: tenant.tenantId, appKey, expiresAt: now + ttl * 1000 };
    this.tokens.set(issued.token, issued);
    return { token: issued.token, expire: ttl };
  }

  lookup(token: unknown, now = Date.now()): BipTokenLookup {
    if (typeof token !== 'string' || token === '') return { state: 'missing' };
    const issued = this.tokens.get(token);
    if (!issued) return { state: 'unknown' };
    if (issued.expiresAt <= now) return { state: 'expired' };
    const tenant = this.state.tenant(issued.tenantId);
    return tenant ? { state: 'valid', tenant } : { state: 'unknown' };
  }

  /** Control call: every issued token stops working at once. */
  expireAll(now = Date.now()): number {
    for (const issued of this.tokens.values()) issued.expiresAt = Math.min(issued.expiresAt, now);
    return this.tokens.size;
  }

  counts(now = Date.now()): { issued: number; live: number } {
    return { issued: this.tokens.size, live: [...this.tokens.values()].filter((t) => t.expiresAt > now).length };
  }
}
