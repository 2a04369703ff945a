import type { RecordStore } from '../../apps/vendor-sandbox/src/common/record-store.service';

/** What a vendor's sandbox recorded (`dingtalk`, `yonyou-bip`, `kingdee-k3`, `beisen`): calls per API and outcomes, from a sequence number on. */

export interface SandboxCounts {
  byApi: Record<string, number>;
  outcomes: Record<string, number>;
}

export const DINGTALK_VENDOR = 'dingtalk';
/** The YonBIP simulator's records (`GET /_sandbox/yonyou/bip/records`). */
export const YONBIP_VENDOR = 'yonyou-bip';
/** The K/3 Cloud simulator's records (`GET /_sandbox/kingdee/k3/records`): calls named by service method (LoginBySign, ExecuteBillQuery, Save, BatchSave…). */
export const K3_VENDOR = 'kingdee-k3';
/** The Beisen simulator's records (`GET /_sandbox/beisen/records`): calls named by the path after /RecruitV6/api/v1/ (Apply/TransferPhase…), OAuth/Token, AsyncApiExecInfo/GetByRequestId. */
export const BEISEN_VENDOR = 'beisen';

export function sandboxCounts(records: RecordStore, sinceSeq: number, vendor = DINGTALK_VENDOR): SandboxCounts {
  const byApi: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (const r of records.list({ vendor, since: sinceSeq })) {
    // A vendor's own calls to the hub are named by kind: `push ats_job_deliver_change`, `event-center HRED_CANDIDATE_STATUS_CHANGE`.
    const key = r.kind === 'push' || r.kind === 'event-center' ? `${r.kind} ${r.api}` : r.api ?? `${r.method} ${r.path}`;
    byApi[key] = (byApi[key] ?? 0) + 1;
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  }
  return { byApi, outcomes };
}

export function lastSeq(records: RecordStore): number {
  const all = records.list();
  return all.length ? all[all.length - 1].seq : 0;
}
