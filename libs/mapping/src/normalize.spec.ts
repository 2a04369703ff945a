import type { VendorCancellation } from '@hub/connector-sdk';
import type { MappingConfig } from '@hub/config';
import { InvalidCancellationEventError } from '@hub/schema';
import { normalizeCancellation, type NormalizeContext } from './normalize';
import { mapReason } from './reason-mapper';
import { isoInOffset, withOffset } from './time';

const mapping: MappingConfig = {
  reasons: { 候选人已接受其他offer: { code: 'candidate_withdrew', detail: 'other_offer' }, HC_CUT: { code: 'position_changed', detail: 'headcount_reduced' } },
  interviewKind: 'ai_cloud',
  positionTitleFallback: '未知岗位',
  candidateNameTemplate: '候选人{candidateId}',
  initiatedBy: 'recruiter',
  statusValues: {},
};

const ctx: NormalizeContext = {
  id: '01JD0000000000000000000000',
  tenantId: 'demo',
  timezone: '+08:00',
  connectionId: 'dingtalk-main',
  system: 'dingtalk',
  mode: 'poll',
  externalEventId: 'interview:iv-1:cancelled',
  receivedAt: '2026-11-25T10:00:00.000Z',
  mapping,
};

const vendor: VendorCancellation = {
  kind: 'cancellation',
  occurredAt: '2026-11-25T18:00:00',
  interview: { externalId: 'iv-1', scheduledStart: '2026-11-27T10:00:00+08:00', position: { id: 'job-1', title: '销售经理' }, interviewers: [{ externalId: 'u-1' }] },
  candidate: { externalId: 'c-1' },
  reasonValue: 'hc_cut',
  fields: {},
};

describe('normalizeCancellation', () => {
  it('carries a vendor approval trail (1.2): every step in order, approved by the last approver, times in the tenant offset', () => {
    const approval = {
      requestId: 'apply-7',
      requestedBy: { id: 'u-hr', name: '陈静' },
      requestedAt: '2026-11-25T09:00:00',
      steps: [
        { level: 1, approver: { id: 'u-mgr', name: '王经理' }, decision: 'approved' as const, at: '2026-11-25T10:00:00', comment: '同意' },
        { level: 2, approver: { id: 'u-dir', name: '李总监' }, decision: 'approved' as const, at: '2026-11-25T11:30:00' },
      ],
    };
    const e = normalizeCancellation({ ...vendor, approval }, ctx);
    expect(e.cancellation.approval).toEqual({
      status: 'approved',
      approvedBy: '李总监',
      approvedAt: '2026-11-25T11:30:00+08:00',
      requestId: 'apply-7',
      requestedBy: { id: 'u-hr', name: '陈静' },
      requestedAt: '2026-11-25T09:00:00+08:00',
      steps: [
        { level: 1, approver: { id: 'u-mgr', name: '王经理' }, decision: 'approved', at: '2026-11-25T10:00:00+08:00', comment: '同意' },
        { level: 2, approver: { id: 'u-dir', name: '李总监' }, decision: 'approved', at: '2026-11-25T11:30:00+08:00' },
      ],
    });
    expect(normalizeCancellation(vendor, ctx).cancellation.approval).toBeUndefined();
  });

  it('does not call a trail whose last decision is not an approval approved', () => {
    const steps = [{ level: 1, approver: { name: '王经理' }, decision: 'returned' as const, at: '2026-11-25T10:00:00' }];
    const e = normalizeCancellation({ ...vendor, approval: { steps } }, ctx);
    expect(e.cancellation.approval).toMatchObject({ status: 'not_required', steps: [{ decision: 'returned' }] });
    expect(e.cancellation.approval?.approvedBy).toBeUndefined();
  });

  it('maps a vendor cancellation into a valid canonical event', () => {
    const e = normalizeCancellation(vendor, ctx);
    expect(e.interview).toEqual({
      key: 'dingtalk-main:iv-1',
      externalIds: { 'dingtalk-main': 'iv-1' },
      kind: 'ai_cloud',
      scheduledStart: '2026-11-27T10:00:00+08:00',
      position: { id: 'job-1', title: '销售经理' },
      interviewers: [{ externalIds: { 'dingtalk-main': 'u-1' } }],
    });
    expect(e.occurredAt).toBe('2026-11-25T18:00:00+08:00');
    expect(e.candidate).toEqual({ externalIds: { 'dingtalk-main': 'c-1' }, name: '候选人c-1' });
    expect(e.cancellation.reason).toEqual({ code: 'position_changed', detail: 'headcount_reduced', sourceValue: 'hc_cut' });
    expect(e.cancellation.initiatedBy).toEqual({ type: 'recruiter' });
    expect(e.source).toEqual({ system: 'dingtalk', connectionId: 'dingtalk-main', externalEventId: 'interview:iv-1:cancelled', mode: 'poll', receivedAt: ctx.receivedAt });
  });

  it('falls back to the configured position title and rejects invalid results with a path', () => {
    const e = normalizeCancellation({ ...vendor, interview: { ...vendor.interview, position: undefined } }, ctx);
    expect(e.interview.position.title).toBe('未知岗位');
    expect(() => normalizeCancellation({ ...vendor, candidate: { externalId: 'c-1', email: 'not-an-email' } }, ctx)).toThrow(InvalidCancellationEventError);
  });
});

describe('mapReason', () => {
  it('uses the tenant table, then the hub labels, then the default', () => {
    expect(mapReason('候选人已接受其他offer', mapping.reasons)).toEqual({ code: 'candidate_withdrew', detail: 'other_offer' });
    expect(mapReason(' 时间冲突 ', {})).toEqual({ code: 'candidate_withdrew', detail: 'time_conflict' });
    expect(mapReason('岗位暂停招聘', {})).toEqual({ code: 'position_changed', detail: 'hiring_paused' });
    expect(mapReason('duplicate_booking', {})).toEqual({ code: 'operator_error', detail: 'duplicate_booking' });
    expect(mapReason('something new', {}, { code: 'no_response' })).toEqual({ code: 'no_response' });
    expect(mapReason('', {})).toEqual({ code: 'other' });
  });
});

describe('time helpers', () => {
  it('keeps offsets and renders instants in a fixed offset', () => {
    expect(withOffset('2026-01-01T10:00:00Z', '+08:00')).toBe('2026-01-01T10:00:00Z');
    expect(withOffset('2026-01-01T10:00:00', '+08:00')).toBe('2026-01-01T10:00:00+08:00');
    expect(isoInOffset(Date.UTC(2026, 0, 1, 2, 30), '+08:00')).toBe('2026-01-01T10:30:00+08:00');
    expect(isoInOffset(Date.UTC(2026, 0, 1, 2, 30), '-05:00')).toBe('2025-12-31T21:30:00-05:00');
  });
});
