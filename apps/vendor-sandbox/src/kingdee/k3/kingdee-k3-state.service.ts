import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ResetRegistry } from '../../common/reset-registry.service';
import { SANDBOX_SEED, type SandboxSeed } from '../../sandbox-options';
import { DEFAULT_K3_SETTINGS, type K3Account, type K3Form, type K3RowError, type K3SimulatorSettings } from './kingdee-k3.types';

interface K3Session {
  id: string;
  acctId: string;
  user: string;
  lost: boolean;
}

/** State of the K/3 Cloud simulator: accounts, sessions, forms and armed row errors; reset to the seed. */
@Injectable()
export class KingdeeK3StateService {
  settings: K3SimulatorSettings = { ...DEFAULT_K3_SETTINGS };
  accounts: K3Account[] = [];
  forms = new Map<string, K3Form>();
  rowErrors: K3RowError[] = [];
  private sessions = new Map<string, K3Session>();
  /** Form calls still answered before every session is lost (`sessions/expire` with `afterCalls`). */
  private expireAfter?: number;
  /** Every session is lost when the next call of this operation arrives (`sessions/expire` with `beforeOp`). */
  private expireBeforeOp?: string;
  private nextFid = 100001;
  private nonces = new Set<string>();

  constructor(@Inject(SANDBOX_SEED) private readonly seed: SandboxSeed, resets: ResetRegistry) {
    this.reset();
    resets.register(() => this.reset());
  }

  reset(): void {
    const k3 = this.seed.kingdee?.k3 ?? {};
    this.settings = { ...DEFAULT_K3_SETTINGS, ...(k3.settings ?? {}) };
    this.accounts = [...(k3.accounts ?? [])];
    this.forms = new Map();
    this.sessions = new Map();
    this.rowErrors = [];
    this.expireAfter = undefined;
    this.expireBeforeOp = undefined;
    this.nonces = new Set();
    this.nextFid = 100001;
    for (const [formId, form] of Object.entries(k3.forms ?? {})) {
      this.form(formId, form.keyField);
      for (const row of form.rows ?? []) this.insert(formId, { ...row }, form.keyField);
    }
  }

  form(formId: string, keyField?: string): K3Form {
    let form = this.forms.get(formId);
    if (!form) {
      form = { keyField: keyField ?? 'FNumber', rows: [] };
      this.forms.set(formId, form);
    }
    return form;
  }

  /** Inserts, or merges into the row with the same key field value (a retried save never doubles a row). */
  insert(formId: string, model: Record<string, unknown>, keyField?: string): { row: Record<string, unknown>; created: boolean } {
    const form = this.form(formId, keyField);
    const key = model[form.keyField];
    const id = model.FID;
    const existing = form.rows.find((r) => (id !== undefined && id !== 0 && id !== '0' && String(r.FID) === String(id)) || (key !== undefined && key !== '' && r[form.keyField] === key));
    if (existing) {
      Object.assign(existing, model, { FID: existing.FID });
      return { row: existing, created: false };
    }
    const row: Record<string, unknown> = { FDocumentStatus: 'A', ...model, FID: this.nextFid++ };
    if (row[form.keyField] === undefined) row[form.keyField] = `K3-${row.FID}`;
    form.rows.push(row);
    return { row, created: true };
  }

  /** A row other than the saved one (by FID) that already holds this key field value. */
  duplicateOf(formId: string, model: Record<string, unknown>): Record<string, unknown> | undefined {
    const form = this.form(formId);
    const key = model[form.keyField];
    if (key === undefined || key === '') return undefined;
    return form.rows.find((r) => r[form.keyField] === key && String(r.FID) !== String(model.FID ?? ''));
  }

  takeRowError(formId: string, model: Record<string, unknown>): K3RowError | undefined {
    const keyField = this.form(formId).keyField;
    const armed = this.rowErrors.find((e) => e.formId === formId && e.times > 0 && String(model[e.field ?? keyField] ?? '') === e.key);
    if (armed) armed.times -= 1;
    return armed;
  }

  /** False when the nonce was used before (signed-header mode). */
  useNonce(nonce: string): boolean {
    if (!nonce || this.nonces.has(nonce)) return false;
    this.nonces.add(nonce);
    return true;
  }

  login(account: K3Account): K3Session {
    const session = { id: randomUUID(), acctId: account.acctId, user: account.user, lost: false };
    this.sessions.set(session.id, session);
    return session;
  }

  session(id: string | undefined): K3Session | undefined {
    const s = id ? this.sessions.get(id) : undefined;
    return s && !s.lost ? s : undefined;
  }

  /** Loses every live session once `afterCalls` more form calls were answered (0: now). */
  expireSessionsAfter(afterCalls: number): number {
    if (afterCalls <= 0) return this.expireSessions();
    this.expireAfter = afterCalls;
    return 0;
  }

  /** Loses every live session when the next `op` call arrives, before its session is checked. */
  expireSessionsBefore(op: string): void {
    this.expireBeforeOp = op;
  }

  /** Counts one form call towards a pending `expireSessionsAfter` / `expireSessionsBefore`; call before checking the session. */
  countFormCall(op: string): void {
    if (this.expireBeforeOp === op) {
      this.expireBeforeOp = undefined;
      this.expireSessions();
    }
    if (this.expireAfter === undefined) return;
    if (this.expireAfter === 0) {
      this.expireAfter = undefined;
      this.expireSessions();
    } else this.expireAfter -= 1;
  }

  /** Loses every live session: the next call on one answers as a lost session does. */
  expireSessions(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (!s.lost) (s.lost = true), n++;
    return n;
  }

  counts(): { sessions: number; live: number } {
    const all = [...this.sessions.values()];
    return { sessions: all.length, live: all.filter((s) => !s.lost).length };
  }
}
