import type { BeisenCall } from './beisen-call';
import { idList, MAX_IDS } from './beisen-call';
import { refused, type BeisenResult } from './beisen-envelope';
import type { BeisenTenant } from './beisen-tenant';

/**
 * `TalentPool/AddApplicants {talentPoolId, applicantIds}` (UNCONFIRMED name): asynchronous; members are a set.
 * Fails (when it runs) for an unknown pool or applicant.
 */
export function addApplicants({ tenant, body, asyncRequests }: BeisenCall): BeisenResult {
  const ids = idList(body.applicantIds);
  if (typeof body.talentPoolId !== 'string' || !ids?.length) return refused(400, 'talentPoolId 和 applicantIds 必填');
  if (ids.length > MAX_IDS) return refused(400, `applicantIds 最多 ${MAX_IDS} 个`);
  const poolId = body.talentPoolId;
  return asyncRequests.start(tenant, 'TalentPool/AddApplicants', ids, () => {
    const pool = tenant.talentPools[poolId];
    if (!pool) return `人才库 ${poolId} 不存在`;
    const missing = unknownApplicant(tenant, ids);
    if (missing) return missing;
    for (const id of ids) if (!pool.applicantIds.includes(id)) pool.applicantIds.push(id);
    return undefined;
  });
}

/** `TalentPool/AddTags {applicantIds, tags}` (UNCONFIRMED name): asynchronous; an applicant's tags are a set. */
export function addTags({ tenant, body, asyncRequests }: BeisenCall): BeisenResult {
  const ids = idList(body.applicantIds);
  const tags = idList(body.tags);
  if (!ids?.length || !tags?.length) return refused(400, 'applicantIds 和 tags 必填');
  if (ids.length > MAX_IDS) return refused(400, `applicantIds 最多 ${MAX_IDS} 个`);
  return asyncRequests.start(tenant, 'TalentPool/AddTags', ids, () => {
    const missing = unknownApplicant(tenant, ids);
    if (missing) return missing;
    for (const id of ids) {
      const current = (tenant.tags[id] ??= []);
      for (const tag of tags) if (!current.includes(tag)) current.push(tag);
    }
    return undefined;
  });
}

function unknownApplicant(tenant: BeisenTenant, ids: string[]): string | undefined {
  const missing = ids.find((id) => !tenant.applicants.some((a) => a.applicantId === id));
  return missing ? `候选人 ${missing} 不存在` : undefined;
}
