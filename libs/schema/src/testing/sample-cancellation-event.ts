import type { CancellationEvent } from '../cancellation-event';

/** A complete, valid CancellationEvent for tests: a DingTalk AI interview cancelled for a time conflict. */
export function sampleEvent(): CancellationEvent {
  return {
    schemaVersion: 1,
    id: '01JD0000000000000000000000',
    tenantId: 'demo',
    source: { system: 'dingtalk', connectionId: 'dingtalk-main', externalEventId: 'ev-1', mode: 'poll', receivedAt: '2026-11-25T10:00:00Z' },
    occurredAt: '2026-11-25T18:00:00+08:00',
    interview: {
      key: 'dingtalk-main:iv-1',
      externalIds: { 'dingtalk-main': 'iv-1' },
      kind: 'ai_cloud',
      scheduledStart: '2026-11-27T10:00:00+08:00',
      position: { title: '销售经理' },
      interviewers: [{ externalIds: { 'dingtalk-main': 'u-1' }, name: '王经理' }],
    },
    candidate: { externalIds: { 'dingtalk-main': 'c-1' }, name: '李雷', phone: '13800138000', preferredChannels: ['sms'] },
    cancellation: { reason: { code: 'candidate_withdrew', detail: 'time_conflict', sourceValue: '时间冲突' }, initiatedBy: { type: 'candidate' } },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
  };
}
