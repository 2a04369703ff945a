import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ResetRegistry } from '../common/reset-registry.service';
import { SANDBOX_SEED, type SandboxSeed } from '../sandbox-options';
import { tenantFromSeed, type BeisenTenant } from './beisen-tenant';
import { DEFAULT_BEISEN_SETTINGS, type BeisenSimulatorSettings } from './beisen.types';

interface BeisenToken {
  tenantId: string;
  expiresAtMs: number;
  revoked: boolean;
}

/** State of the Beisen simulator: settings, tenants and issued tokens; `POST /_sandbox/reset` returns it to the seed. */
@Injectable()
export class BeisenStateService {
  settings: BeisenSimulatorSettings = structuredClone(DEFAULT_BEISEN_SETTINGS);
  tenants = new Map<string, BeisenTenant>();
  private tokens = new Map<string, BeisenToken>();

  constructor(@Inject(SANDBOX_SEED) private readonly seed: SandboxSeed, resets: ResetRegistry) {
    this.reset();
    resets.register(() => this.reset());
  }

  reset(): void {
    const seed = this.seed.beisen;
    const settings = seed?.settings ?? {};
    this.settings = { ...structuredClone(DEFAULT_BEISEN_SETTINGS), ...structuredClone(settings), limits: mergeLimits(DEFAULT_BEISEN_SETTINGS.limits, settings.limits) };
    this.tenants = new Map((seed?.tenants ?? []).map((t) => [String(t.tenantId), tenantFromSeed(t)]));
    this.tokens = new Map();
  }

  /** The named tenant, or the first one when none is named (control API). */
  tenant(tenantId?: string): BeisenTenant | undefined {
    return tenantId ? this.tenants.get(tenantId) : this.tenants.values().next().value;
  }

  issueToken(tenant: BeisenTenant): { token: string; expiresAtMs: number } {
    const token = randomBytes(24).toString('base64url');
    const expiresAtMs = Date.now() + this.settings.tokenTtlSeconds * 1000;
    this.tokens.set(token, { tenantId: tenant.tenantId, expiresAtMs, revoked: false });
    return { token, expiresAtMs };
  }

  /** The tenant of a live `Bearer` token; undefined when the token is unknown, expired or revoked. */
  tenantOfAuthorization(header: unknown): BeisenTenant | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(String(header ?? '').trim());
    const token = match ? this.tokens.get(match[1]) : undefined;
    if (!token || token.revoked || token.expiresAtMs <= Date.now()) return undefined;
    return this.tenants.get(token.tenantId);
  }

  /** Every issued token answers 401 from now on. */
  expireTokens(): number {
    let n = 0;
    for (const token of this.tokens.values()) if (!token.revoked) (token.revoked = true), n++;
    return n;
  }

  tokenCounts(): { issued: number; live: number } {
    const now = Date.now();
    const all = [...this.tokens.values()];
    return { issued: all.length, live: all.filter((t) => !t.revoked && t.expiresAtMs > now).length };
  }
}

export function mergeLimits(base: BeisenSimulatorSettings['limits'], over?: Partial<Record<string, unknown>>): BeisenSimulatorSettings['limits'] {
  const merged = structuredClone(base);
  for (const key of Object.keys(merged) as Array<keyof typeof merged>) {
    const given = over?.[key];
    if (given && typeof given === 'object') merged[key] = { ...merged[key], ...(given as object) };
  }
  return merged;
}
