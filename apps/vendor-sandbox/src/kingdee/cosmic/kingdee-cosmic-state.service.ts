import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { ResetRegistry } from '../../common/reset-registry.service';
import { SANDBOX_SEED, type SandboxSeed } from '../../sandbox-options';
import { DEFAULT_COSMIC_SETTINGS, type CosmicAppSeed, type CosmicFormSeed, type CosmicSettings } from './kingdee-cosmic.types';

export interface CosmicToken {
  value: string;
  app: CosmicAppSeed;
  expiresAt: number;
}

export interface CosmicForm {
  isv: string;
  appId: string;
  formId: string;
  keyField?: string;
  modifyField: string;
  rows: Record<string, unknown>[];
}

/** A per-row error queued by the control API for the next row saved into a form (the next one with `match`'s values, when set). */
export interface CosmicSaveError {
  formId: string;
  message: string;
  match?: Record<string, unknown>;
}

/** Everything the simulated Cosmic knows; rebuilt from the seed on `POST /_sandbox/reset`. */
@Injectable()
export class KingdeeCosmicStateService {
  settings: CosmicSettings = { ...DEFAULT_COSMIC_SETTINGS };
  apps: CosmicAppSeed[] = [];
  forms: CosmicForm[] = [];
  tokens = new Map<string, CosmicToken>();
  /** getToken call times per client_id (sliding minute). */
  tokenCalls = new Map<string, number[]>();
  saveErrors: CosmicSaveError[] = [];
  issued = 0;

  constructor(@Inject(SANDBOX_SEED) private readonly seed: SandboxSeed, resets: ResetRegistry) {
    this.load();
    resets.register(() => this.load());
  }

  load(): void {
    const seed = this.seed.kingdee?.cosmic ?? {};
    this.settings = { ...DEFAULT_COSMIC_SETTINGS, ...(seed.settings ?? {}) };
    this.apps = (seed.apps ?? []).map((a) => ({ ...a }));
    this.forms = (seed.forms ?? []).map((f) => toForm(f));
    this.tokens.clear();
    this.tokenCalls.clear();
    this.saveErrors = [];
    this.issued = 0;
  }

  /** Counts one getToken call; false when it is over the per-minute limit. */
  countTokenCall(clientId: string, now = Date.now()): boolean {
    const recent = (this.tokenCalls.get(clientId) ?? []).filter((t) => t > now - 60_000);
    recent.push(now);
    this.tokenCalls.set(clientId, recent);
    return recent.length <= this.settings.tokenCallsPerMinute;
  }

  issue(app: CosmicAppSeed, now = Date.now()): CosmicToken {
    const value = `OPENAPIAUTH_${Buffer.from(`${app.accountId}_${randomBytes(24).toString('hex')}`).toString('base64')}`;
    const token = { value, app, expiresAt: now + this.settings.tokenTtlMs };
    this.tokens.set(value, token);
    this.issued += 1;
    return token;
  }

  lookup(value: unknown, now = Date.now()): { state: 'valid'; token: CosmicToken } | { state: 'missing' | 'unknown' | 'expired' } {
    if (typeof value !== 'string' || !value) return { state: 'missing' };
    const token = this.tokens.get(value);
    if (!token) return { state: 'unknown' };
    return token.expiresAt > now ? { state: 'valid', token } : { state: 'expired' };
  }

  expireAll(now = Date.now()): number {
    for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
    return this.tokens.size;
  }

  form(isv: string, appId: string, formId: string): CosmicForm | undefined {
    return this.forms.find((f) => f.isv === isv && f.appId === appId && f.formId === formId);
  }

  newId(): string {
    return randomUUID().replace(/-/g, '').slice(0, 19);
  }
}

export function toForm(seed: CosmicFormSeed): CosmicForm {
  if (!seed.appId || !seed.formId) throw new Error('kingdee.cosmic.forms[]: appId and formId are required');
  return {
    isv: seed.isv ?? '',
    appId: seed.appId,
    formId: seed.formId,
    keyField: seed.keyField,
    modifyField: seed.modifyField ?? 'modifytime',
    rows: (seed.rows ?? []).map((r, i) => ({ id: String(r.id ?? `${seed.formId}-${i + 1}`), ...r })),
  };
}

/** `yyyy-MM-dd HH:mm:ss` in UTC+8, the wall clock the seed and the query filter use. */
export function cosmicTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}
