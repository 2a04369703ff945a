/** Canonical interview statuses; each vendor's own values are mapped onto these in config. */
export const CANONICAL_STATUSES = ['scheduled', 'cancelled'] as const;
export type CanonicalStatus = (typeof CANONICAL_STATUSES)[number];

export const CANONICAL_STATUS_LABELS_ZH: Record<CanonicalStatus, string> = {
  scheduled: '面试待进行',
  cancelled: '面试取消',
};

/** Systems an event can come from: the four vendors, the hub's own API, and generic webhooks. */
export const SOURCE_SYSTEMS = ['dingtalk', 'yonyou', 'kingdee', 'beisen', 'api', 'webhook'] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

export const SOURCE_MODES = ['webhook', 'stream', 'poll', 'api'] as const;
export type SourceMode = (typeof SOURCE_MODES)[number];

export const INTERVIEW_KINDS = ['ai_cloud', 'video', 'onsite', 'phone'] as const;
export type InterviewKind = (typeof INTERVIEW_KINDS)[number];

export const INITIATOR_TYPES = ['candidate', 'recruiter', 'system'] as const;
export type InitiatorType = (typeof INITIATOR_TYPES)[number];

export const NOTIFY_CHANNELS = ['dingtalk', 'sms', 'email', 'system'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];
