import { getApplyListByApplyId, getApplyListByModifiedTime, transferPhase } from './beisen-applies';
import type { BeisenHandler } from './beisen-call';
import { cancelInterview, getInterviewsByApplyId, getInterviewsByDate } from './beisen-interviews';
import { getApplicantListByContact, getProcessConfigByCode, getProcessConfigById } from './beisen-lookups';
import { addApplicants, addTags } from './beisen-talent-pool';

export const RECRUIT_PREFIX = '/RecruitV6/api/v1/';

/** The RecruitV6 APIs the simulator answers, by the path after `/RecruitV6/api/v1/`; any other path answers 401. */
export const RECRUIT_APIS: Record<string, BeisenHandler> = {
  'Apply/GetApplyListByModifiedTime': getApplyListByModifiedTime,
  'Apply/GetApplyListByApplyId': getApplyListByApplyId,
  'Apply/TransferPhase': transferPhase,
  'Interview/GetInterviewsByApplyId': getInterviewsByApplyId,
  'Interview/GetInterviewsByDate': getInterviewsByDate,
  'Interview/CancelInterview': cancelInterview,
  'Applicant/GetApplicantListByContact': getApplicantListByContact,
  'Setting/GetProcessConfigById': getProcessConfigById,
  'Setting/GetProcessConfigByCode': getProcessConfigByCode,
  'TalentPool/AddApplicants': addApplicants,
  'TalentPool/AddTags': addTags,
};

/** Writes answered with a request id and applied later. */
export const ASYNC_APIS = new Set(['TalentPool/AddApplicants', 'TalentPool/AddTags']);
