import { Injectable } from '@nestjs/common';
import { ResetRegistry } from './reset-registry.service';

/** One call the sandbox received (or, for pushes, made). Bodies are kept as parsed JSON when possible. */
export interface SandboxRecord {
  seq: number;
  at: number;
  vendor: string;
  kind: string;
  /** API name from the vendor catalog, when known. */
  api?: string;
  method: string;
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  status?: number;
  response?: unknown;
  /** ok | error | fault | throttled | banned (calls); delivered | failed (pushes). */
  outcome: string;
  /** Anything vendor-specific: app key of the token, push verification result, … */
  detail?: Record<string, unknown>;
}

export type NewSandboxRecord = Omit<SandboxRecord, 'seq' | 'at'> & { at?: number };

@Injectable()
export class RecordStore {
  private records: SandboxRecord[] = [];
  private seq = 0;

  constructor(resets: ResetRegistry) {
    resets.register(() => this.clear());
  }

  add(record: NewSandboxRecord): SandboxRecord {
    const stored: SandboxRecord = { ...record, seq: ++this.seq, at: record.at ?? Date.now() };
    this.records.push(stored);
    return stored;
  }

  /** `since`: only records with a larger `seq`, so a test can look at what happened after a point. */
  list(filter: { vendor?: string; kind?: string; api?: string; since?: number } = {}): SandboxRecord[] {
    return this.records.filter(
      (r) =>
        (filter.since === undefined || r.seq > filter.since) &&
        (!filter.vendor || r.vendor === filter.vendor) &&
        (!filter.kind || r.kind === filter.kind) &&
        (!filter.api || r.api === filter.api),
    );
  }

  clear(): void {
    this.records = [];
  }
}
