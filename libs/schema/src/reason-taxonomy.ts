/**
 * Cancellation reasons, from the seed article's three scenario families plus the
 * "no response" case Kingdee's suggestions are built on. Vendors' raw values are mapped
 * onto these codes by the tenant's mapping; the raw value is always kept in `sourceValue`.
 */
export const REASON_DETAILS = {
  candidate_withdrew: ['other_offer', 'time_conflict', 'personal'],
  position_changed: ['hiring_paused', 'headcount_reduced'],
  operator_error: ['duplicate_booking', 'wrong_data'],
  no_response: ['unconfirmed_invitation', 'missed_calls'],
  other: [],
} as const;

export type ReasonCode = keyof typeof REASON_DETAILS;
export type ReasonDetail = (typeof REASON_DETAILS)[ReasonCode][number];

export const REASON_CODES = Object.keys(REASON_DETAILS) as ReasonCode[];
export const ALL_REASON_DETAILS: readonly string[] = Object.values(REASON_DETAILS).flat();

/** Human labels (zh-CN) used in tags and notifications, e.g. `原因:时间冲突`. */
export const REASON_LABELS_ZH: Record<ReasonCode | ReasonDetail, string> = {
  candidate_withdrew: '候选人放弃',
  other_offer: '已接受其他offer',
  time_conflict: '时间冲突',
  personal: '个人原因',
  position_changed: '岗位调整',
  hiring_paused: '岗位暂停招聘',
  headcount_reduced: '编制缩减',
  operator_error: '操作失误',
  duplicate_booking: '重复预约',
  wrong_data: '信息录入错误',
  no_response: '候选人未响应',
  unconfirmed_invitation: '未确认邀请',
  missed_calls: '多次未接电话',
  other: '其他',
};

/** The label of the most specific part of a reason: the detail when there is one. */
export function reasonLabelZh(reason: { code: ReasonCode; detail?: string }): string {
  const detail = reason.detail as ReasonDetail | undefined;
  return (detail && REASON_LABELS_ZH[detail]) || REASON_LABELS_ZH[reason.code];
}

export function isDetailOf(code: ReasonCode, detail: string): boolean {
  return (REASON_DETAILS[code] as readonly string[]).includes(detail);
}
