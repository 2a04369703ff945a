import type { CancellationEvent } from '@hub/schema';

/**
 * What the hub can ask a target system to do about one cancellation. `deliverEvent` is the generic
 * subscription target's only effect: send the canonical event itself.
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

/**
 * How applying an effect a second time behaves, declared per effect by the connector:
 * - `idempotent`: a repeat leaves the target as one application did (setting a status, an upsert keyed by our id);
 * - `keyed`: the target takes our idempotency key and drops a repeat itself;
 * - `unsafe`: a repeat is a second application (a message to a person). The hub never repeats it blindly.
 */
export const REPEAT_CLASSES = ['idempotent', 'keyed', 'unsafe'] as const;
export type RepeatClass = (typeof REPEAT_CLASSES)[number];

/** The kinds of thing the hub links across systems: each vendor's id of it is tied to one hub id. */
export const LINK_KINDS = ['candidate', 'interview', 'interviewer', 'recruiter', 'position'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** Who to tell and how, already resolved from the tenant's templates and the people's preferred channels. */
export interface NotifyRecipient {
  role: 'candidate' | 'interviewer' | 'recruiter';
  name?: string;
  /** The person's hub id, when the hub links them across systems. */
  hubId?: string;
  /** The person's id in the target system, filled in by the hub from its links just before the effect is applied. */
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

/**
 * One unit of outbound work. `idempotencyKey` is stable across retries: targets use it to drop duplicates.
 * `event` is the canonical event as the target sees it: every `externalIds` map carries the target
 * connection's own id wherever the hub knows it.
 */
export interface Effect {
  type: EffectType;
  idempotencyKey: string;
  event: CancellationEvent;
  params: EffectParams;
}

/** An id a target gave to something of the event (e.g. the candidate record an effect created there). */
export interface ReceiptLink {
  kind: LinkKind;
  externalId: string;
}

/** Proof that a target applied an effect; stored on the delivery. */
export interface Receipt {
  /**
   * `duplicate` when the target reports it had already applied this idempotency key; `not_applicable`
   * when there was nothing to do for this target (the delivery is then `skipped`, with `detail` as the reason).
   */
  outcome: 'applied' | 'duplicate' | 'not_applicable';
  /** The target's own reference (request id, message task id…), if it gave one. */
  externalRef?: string;
  detail?: string;
  /** Ids the target gave to objects of this event; the hub links them to the event's hub ids. */
  links?: ReceiptLink[];
}

/**
 * The result of one effect of an `applyBatch` call: its receipt, or the error of its own row (a row refused while
 * the others of its call were applied). The hub settles each effect's delivery on its own outcome.
 */
export type BatchOutcome = { ok: true; receipt: Receipt } | { ok: false; error: Error };

/** What a vendor says about an attempt whose outcome the hub lost (a crash between the call and the receipt). */
export type AttemptCheck = { outcome: 'applied'; receipt: Receipt } | { outcome: 'not_applied' } | { outcome: 'unknown'; why: string };
