import { Injectable } from '@nestjs/common';
import { ResetRegistry } from '../common/reset-registry.service';

/** JSON with object keys sorted, so two bodies that differ only in key order are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Beisen's 3-second block: a write whose tenant, path and body equal a write ACCEPTED within the last
 * `duplicateBlockMs` is refused. Only accepted writes open a block; refused and blocked ones do not.
 */
@Injectable()
export class BeisenDuplicateBlock {
  private acceptedAt = new Map<string, number>();

  constructor(resets: ResetRegistry) {
    resets.register(() => this.acceptedAt.clear());
  }

  isBlocked(tenantId: string, api: string, body: unknown, windowMs: number, now = Date.now()): boolean {
    const at = this.acceptedAt.get(key(tenantId, api, body));
    return at !== undefined && now - at < windowMs;
  }

  accept(tenantId: string, api: string, body: unknown, now = Date.now()): void {
    const k = key(tenantId, api, body);
    this.acceptedAt.set(k, now);
    if (this.acceptedAt.size > 10_000) this.prune(now);
  }

  private prune(now: number): void {
    for (const [k, at] of this.acceptedAt) if (now - at > 60_000) this.acceptedAt.delete(k);
  }
}

function key(tenantId: string, api: string, body: unknown): string {
  return `${tenantId}|${api}|${canonicalJson(body ?? {})}`;
}
