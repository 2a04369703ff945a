import type { RecordStore } from '../../apps/vendor-sandbox/src/common/record-store.service';

/** What the DingTalk sandbox recorded: calls per API and outcomes, from a sequence number on. */

export interface SandboxCounts {
  byApi: Record<string, number>;
  outcomes: Record<string, number>;
}

export function sandboxCounts(records: RecordStore, sinceSeq: number): SandboxCounts {
  const byApi: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (const r of records.list({ vendor: 'dingtalk', since: sinceSeq })) {
    const key = r.kind === 'push' ? `push ${r.api}` : r.api ?? `${r.method} ${r.path}`;
    byApi[key] = (byApi[key] ?? 0) + 1;
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  }
  return { byApi, outcomes };
}

export function lastSeq(records: RecordStore): number {
  const all = records.list();
  return all.length ? all[all.length - 1].seq : 0;
}
