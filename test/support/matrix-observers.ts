/**
 * What each vendor simulator received as writes, for the four-vendor matrix (test/four-vendor-matrix.e2e-spec.ts):
 * one observer per vendor reads the simulator's own record (calls it accepted, or the state it keeps) and answers
 * `{ "<effect> <id>": count }` for every write made at or after `sinceMs`, where `<id>` is the vendor's own id the
 * write names (its candidate, interview or apply). A write under an id the test did not expect, a second write of
 * one effect, or a write to the system where the cancellation started all show up as a difference to the expected
 * counts. Only accepted writes count (a refused or throttled call changed nothing).
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The control API of the vendor sandbox (HubHarness.sandboxCall). */
export type SandboxGet = (method: 'GET', path: string) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** `{ "<effect> <vendor id>": number of accepted writes }`. */
export type WriteCounts = Record<string, number>;

function count(writes: [effect: string, id: string][]): WriteCounts {
  const out: WriteCounts = {};
  for (const [effect, id] of writes) out[`${effect} ${id}`] = (out[`${effect} ${id}`] ?? 0) + 1;
  return out;
}

const accepted = (r: Json, sinceMs: number) => r.at >= sinceMs && r.outcome === 'ok';

/**
 * DingTalk: delivery-status writes by deliverUserId (candidateStatus), AI interview assistant syncs by interviewId
 * (archiveInterview), and work notifications by each userid in userid_list (notify; followUpReminder when the
 * message names the follow-up).
 */
export async function dingtalkWrites(get: SandboxGet, sinceMs: number): Promise<WriteCounts> {
  const records: Json[] = (await get('GET', '/_sandbox/dingtalk/records')).filter(
    (r: Json) => accepted(r, sinceMs) && (r.response?.errcode === undefined || Number(r.response.errcode) === 0),
  );
  const writes: [string, string][] = [];
  for (const r of records) {
    if (r.api === 'UpdateJobDeliver') writes.push(['candidateStatus', String(r.body?.deliverUserId)]);
    else if (r.api === 'SyncInterviewInfoToAIInterviewAssistant') writes.push(['archiveInterview', String(r.body?.interviewId)]);
    else if (r.kind === 'notification') {
      const effect = /跟进/.test(JSON.stringify(r.body?.msg ?? '')) ? 'followUpReminder' : 'notify';
      for (const user of String(r.body?.userid_list ?? '').split(',').filter(Boolean)) writes.push([effect, user]);
    } else if (r.kind === 'write') writes.push([`unexpected:${r.api}`, JSON.stringify(r.body)]);
  }
  return count(writes);
}

/**
 * YonBIP: updateCandidate by data.id (candidateStatus) and the tenant's archive / tag endpoints by data.candidateId
 * (archiveInterview / tagTalentPool), each counted when YonBIP applied it (a replayed resubmitCheckKey is not).
 */
export async function yonyouWrites(get: SandboxGet, sinceMs: number): Promise<WriteCounts> {
  const state = await get('GET', '/_sandbox/yonyou/bip/state');
  const writes: [string, string][] = [];
  for (const r of state.resubmits as Json[]) {
    if (r.firstAt < sinceMs) continue;
    if (r.api === 'updateCandidate') writes.push(...Array.from({ length: r.applied }, (): [string, string] => ['candidateStatus', String(r.body?.data?.id)]));
  }
  // Writes without a resubmitCheckKey are not in the ledger: the call record shows them.
  const unkeyed = (await get('GET', '/_sandbox/yonyou/bip/records?api=updateCandidate')).filter((r: Json) => accepted(r, sinceMs) && !r.body?.data?.resubmitCheckKey && !r.body?.resubmitCheckKey);
  for (const r of unkeyed) writes.push(['candidateStatus', String(r.body?.data?.id)]);
  const byKind: Record<string, string> = { archive: 'archiveInterview', tags: 'tagTalentPool' };
  for (const w of state.endpointWrites as Json[]) if (w.at >= sinceMs) writes.push([byKind[w.kind] ?? `unexpected:${w.kind}`, String(w.candidateId)]);
  return count(writes);
}

/** The K/3 forms the hub writes, by the effect they carry (demo.yaml kingdee-main). */
const K3_FORM_EFFECTS: Record<string, string> = {
  PAEZ_Candidate: 'candidateStatus',
  PAEZ_InterviewArchive: 'archiveInterview',
  PAEZ_TalentPool: 'moveToTalentPool',
  PAEZ_FollowUp: 'followUpReminder',
};

/**
 * K/3 Cloud: every row of an accepted Save / BatchSave, by the form it went to and the K/3 candidate number it names
 * (FCandidateNumber; on the candidate form the row names its FID, read back to FNumber from the form).
 */
export async function kingdeeWrites(get: SandboxGet, sinceMs: number): Promise<WriteCounts> {
  const records: Json[] = await get('GET', '/_sandbox/kingdee/k3/records');
  const state = await get('GET', '/_sandbox/kingdee/k3/state');
  const numberOfFid = new Map<string, string>(((state.forms?.PAEZ_Candidate?.rows ?? []) as Json[]).map((r) => [String(r.FID), String(r.FNumber)]));
  const writes: [string, string][] = [];
  for (const r of records) {
    if (!accepted(r, sinceMs) || !['Save', 'BatchSave'].includes(r.api)) continue;
    const [formId, data] = r.body?.parameters ?? [];
    const failedRows = new Set(((r.response?.Result?.ResponseStatus?.Errors ?? []) as Json[]).map((e) => e.DIndex));
    [data?.Model ?? []].flat().forEach((model: Json, index: number) => {
      if (failedRows.has(index)) return;
      const id = formId === 'PAEZ_Candidate' ? (numberOfFid.get(String(model.FID)) ?? `FID:${model.FID}`) : String(model.FCandidateNumber);
      writes.push([K3_FORM_EFFECTS[formId] ?? `unexpected:${formId}`, id]);
    });
  }
  return count(writes);
}

/**
 * Beisen: accepted RecruitV6 writes — TransferPhase per applyId it reports in successApplyIds (candidateStatus),
 * CancelInterview per interviewId (archiveInterview), and the asynchronous talent-pool writes per applicantId, counted
 * when their request ended Success (moveToTalentPool: TalentPool/AddApplicants; tagTalentPool: TalentPool/AddTags).
 * A recruiter's cancellation in Beisen's UI (the control API) is no API write and is not counted.
 */
export async function beisenWrites(get: SandboxGet, sinceMs: number): Promise<WriteCounts> {
  const state = await get('GET', '/_sandbox/beisen/state');
  const succeeded = new Set<string>();
  for (const tenant of Object.values(state.tenants ?? {}) as Json[]) for (const a of tenant.asyncRequests ?? []) if (a.status === 'Success') succeeded.add(String(a.requestId));
  const dataOf = (r: Json) => r.response?.data ?? r.response?.Data;
  const writes: [string, string][] = [];
  for (const r of (await get('GET', '/_sandbox/beisen/records')) as Json[]) {
    if (!accepted(r, sinceMs)) continue;
    switch (r.api) {
      case 'Apply/TransferPhase':
        for (const applyId of (dataOf(r)?.successApplyIds ?? []) as string[]) writes.push(['candidateStatus', applyId]);
        break;
      case 'Interview/CancelInterview':
        writes.push(['archiveInterview', String(r.body?.interviewId)]);
        break;
      case 'TalentPool/AddApplicants':
      case 'TalentPool/AddTags':
        if (!succeeded.has(String(dataOf(r)?.requestId))) break;
        for (const applicantId of (r.body?.applicantIds ?? []) as string[]) writes.push([r.api === 'TalentPool/AddTags' ? 'tagTalentPool' : 'moveToTalentPool', applicantId]);
        break;
      default:
        if (r.kind === 'write' || r.kind === 'async') writes.push([`unexpected:${r.api}`, JSON.stringify(r.body)]);
    }
  }
  return count(writes);
}
