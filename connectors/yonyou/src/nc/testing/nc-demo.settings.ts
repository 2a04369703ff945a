import type { CancellationEvent } from '@hub/schema';

/** The demo connection of the NC connector, as specs and NC.md "Example connection" use it. */

export const DEMO_INTERFACE = 'nc.itf.hr.recruit.IInterviewSyncService';

/** The demo connection's settings (NC.md "Example connection"), pointed at `baseUrl`. */
export function demoSettings(baseUrl: string): Record<string, unknown> {
  const write = (operation: string) => ({ interface: DEMO_INTERFACE, operation, args: { arg0: '{{json}}', arg1: '{{idempotencyKey}}' } });
  return {
    baseUrl,
    auth: 'wsse',
    urc: { datasource: 'nc65', userCode: 'hub', langCode: 'simpchn' },
    timeoutMs: 5000,
    operations: {
      candidateStatus: write('syncInterviewCancel'),
      archiveInterview: write('archiveInterview'),
      tagTalentPool: write('tagCandidate'),
      queryCancelled: { interface: DEMO_INTERFACE, operation: 'queryCancelledInterviews', args: { arg0: '{{json}}' } },
    },
  };
}

/** A canonical cancellation from another system, with NC's ids for connection `yonyou-nc` when `ncIds`. */
export function sampleEvent(n: number | string, ncIds = true): CancellationEvent {
  return {
    schemaVersion: 1,
    id: `01JNC00000000000000000${String(n).padStart(4, '0')}`,
    tenantId: 'spec',
    source: { system: 'dingtalk', connectionId: 'dingtalk-main', mode: 'poll', receivedAt: '2026-11-25T10:00:00Z' },
    occurredAt: '2026-11-25T18:00:00+08:00',
    interview: {
      key: `dingtalk-main:iv-${n}`,
      externalIds: { 'dingtalk-main': `iv-${n}`, ...(ncIds ? { 'yonyou-nc': `NC-IV-${n}` } : {}) },
      kind: 'video',
      round: 1,
      scheduledStart: '2026-11-27T10:00:00+08:00',
      position: { id: 'job-sales', title: '销售经理' },
      interviewers: [{ externalIds: { 'yonyou-nc': 'NC-PSN-0101' }, name: '王经理' }],
    },
    candidate: { externalIds: { 'dingtalk-main': `c-${n}`, ...(ncIds ? { 'yonyou-nc': `NC-CAND-${n}` } : {}) }, name: '李雷', phone: '13800138000' },
    cancellation: { reason: { code: 'candidate_withdrew', detail: 'time_conflict', sourceValue: '时间冲突' }, initiatedBy: { type: 'candidate' } },
    statusBefore: 'scheduled',
    statusAfter: 'cancelled',
  };
}
