import { assertCancellationEvent, InvalidCancellationEventError, validateCancellationEvent } from './cancellation-event.validator';
import type { CancellationEvent } from './cancellation-event';

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

describe('CancellationEvent v1 validation', () => {
  it('accepts a complete event', () => {
    expect(validateCancellationEvent(sampleEvent())).toEqual([]);
  });

  it('names every failing path and why', () => {
    const e = sampleEvent() as unknown as Record<string, any>;
    delete e.candidate.name;
    e.occurredAt = '2026-11-25T18:00:00';
    e.interview.kind = 'hologram';
    e.extra = 1;
    const v = validateCancellationEvent(e);
    expect(v).toEqual(
      expect.arrayContaining([
        { path: '/candidate/name', message: 'is required' },
        { path: '/occurredAt', message: expect.stringMatching(/pattern/) },
        { path: '/interview/kind', message: 'must be one of "ai_cloud", "video", "onsite", "phone"' },
        { path: '/extra', message: 'is not allowed here' },
      ]),
    );
  });

  it('refuses a detail that belongs to another reason code', () => {
    const e = sampleEvent();
    e.cancellation.reason = { code: 'position_changed', detail: 'time_conflict', sourceValue: 'x' };
    expect(validateCancellationEvent(e)).toEqual([{ path: '/cancellation/reason/detail', message: '"time_conflict" is not a detail of reason "position_changed"' }]);
  });

  it('throws a typed error carrying the violations', () => {
    const e = { ...sampleEvent(), statusAfter: 'scheduled' };
    expect(() => assertCancellationEvent(e)).toThrow(InvalidCancellationEventError);
    expect(() => assertCancellationEvent(e)).toThrow(/\/statusAfter must be equal to constant/);
  });
});
