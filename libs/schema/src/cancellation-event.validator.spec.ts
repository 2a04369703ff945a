import { assertCancellationEvent, InvalidCancellationEventError, validateCancellationEvent } from './cancellation-event.validator';
import { sampleEvent } from './testing/sample-cancellation-event';

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
