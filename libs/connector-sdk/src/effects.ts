import type { CancellationEvent } from '@hub/schema';

/**
 * What the hub can ask a target system to do about one cancellation. `deliverEvent` is the generic
 * webhook target's only effect: send the canonical event itself.
 */
export const EFFECT_TYPES = [
  'candidateStatus',
  'archiveInterview',
  'tagTalentPool',
  'moveToTalentPool',
  'notify',
  'followUpReminder',
  'deliverEvent',
] as const;
export type EffectType = (typeof EFFECT_TYPES)[number];

/** Who to tell and how, already resolved from the tenant's templates and the people's preferred channels. */
export interface NotifyRecipient {
  role: 'candidate' | 'interviewer' | 'recruiter';
  name?: string;
  /** The person's id in the target system, if known. */
  externalId?: string;
  channel: string;
  title: string;
  body: string;
}

export interface EffectParams {
  /** candidateStatus: the target system's own status value for 面试取消. */
  status?: string;
  /** tagTalentPool: rendered tags, e.g. `2023年10月取消面试-岗位:销售经理`. */
  tags?: string[];
  /** moveToTalentPool: the pool name, e.g. 潜在候选人. */
  pool?: string;
  /** notify / followUpReminder. */
  recipients?: NotifyRecipient[];
}

/** One unit of outbound work. `idempotencyKey` is stable across retries: targets use it to drop duplicates. */
export interface Effect {
  type: EffectType;
  idempotencyKey: string;
  event: CancellationEvent;
  params: EffectParams;
}

/** Proof that a target applied an effect; stored on the delivery. */
export interface Receipt {
  /** `duplicate` when the target reports it had already applied this idempotency key. */
  outcome: 'applied' | 'duplicate';
  /** The target's own reference (request id, message task id…), if it gave one. */
  externalRef?: string;
  detail?: string;
}
