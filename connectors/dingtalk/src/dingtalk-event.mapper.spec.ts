import { ConnectorError, type VendorEvent } from '@hub/connector-sdk';
import { readPath } from '@hub/connector-sdk';
import { parseDingTalkEvent, type MapperSettings } from './dingtalk-event.mapper';
import { DEFAULT_HINT_EVENT_TYPES } from './dingtalk-settings';

const SETTINGS: MapperSettings = { timezone: '+08:00', hintEventTypes: DEFAULT_HINT_EVENT_TYPES, hintCandidateIdField: 'candidateId' };

function cancelledEvent(overrides: Record<string, unknown> = {}): VendorEvent {
  const payload = {
    interview: {
      interviewId: '23',
      jobId: '45',
      startTimeMillis: 1626858000000,
      endTimeMillis: 1626861600000,
      cancelled: true,
      creatorUserId: 'user01',
      interviewers: [{ userId: 'manager01' }, { userId: 'manager02' }],
    },
    candidateId: '34',
    jobTitle: '销售经理',
    corpId: 'dingcorp',
    detectedAt: '2021-07-20T02:00:00.000Z',
    ...overrides,
  };
  return { externalEventId: 'interview:23:cancelled', kind: 'interview.cancelled', mode: 'poll', payload: JSON.stringify(payload) };
}

function push(kind: string, body: Record<string, unknown>): VendorEvent {
  return { externalEventId: 'ev', kind, mode: 'webhook', payload: JSON.stringify({ EventType: kind, ...body }) };
}

describe('parseDingTalkEvent', () => {
  it('maps a poll-detected cancellation to a VendorCancellation in China time', () => {
    expect(parseDingTalkEvent(cancelledEvent(), SETTINGS)).toEqual([
      {
        kind: 'cancellation',
        occurredAt: '2021-07-20T10:00:00.000+08:00',
        interview: {
          externalId: '23',
          scheduledStart: '2021-07-21T17:00:00.000+08:00',
          scheduledEnd: '2021-07-21T18:00:00.000+08:00',
          position: { id: '45', title: '销售经理' },
          interviewers: [{ externalId: 'manager01' }, { externalId: 'manager02' }],
        },
        candidate: { externalId: '34' },
        reasonValue: '',
        fields: { cancelled: 'true', creatorUserId: 'user01', jobId: '45', corpId: 'dingcorp' },
      },
    ]);
  });

  it('uses the configured timezone offset', () => {
    const [c] = parseDingTalkEvent(cancelledEvent(), { ...SETTINGS, timezone: '+00:00' });
    expect(c).toMatchObject({ occurredAt: '2021-07-20T02:00:00.000+00:00', interview: { scheduledStart: '2021-07-21T09:00:00.000+00:00' } });
  });

  it('omits what DingTalk did not return (times, title, interviewers)', () => {
    const [c] = parseDingTalkEvent(cancelledEvent({ interview: { interviewId: '9' }, jobTitle: undefined, corpId: undefined }), SETTINGS);
    expect(c).toEqual({
      kind: 'cancellation',
      occurredAt: '2021-07-20T10:00:00.000+08:00',
      interview: { externalId: '9', interviewers: [] },
      candidate: { externalId: '34' },
      reasonValue: '',
      fields: { cancelled: 'true' },
    });
  });

  it('rejects a cancellation payload without the fields it needs', () => {
    expect(() => parseDingTalkEvent(cancelledEvent({ candidateId: undefined }), SETTINGS)).toThrow(ConnectorError);
    expect(() => parseDingTalkEvent(cancelledEvent({ detectedAt: 'soon' }), SETTINGS)).toThrow(ConnectorError);
    expect(() => parseDingTalkEvent({ ...cancelledEvent(), payload: 'nope' }, SETTINGS)).toThrow(/not JSON/);
  });

  it('turns a recruitment change push into a poll hint for the candidate it names', () => {
    expect(parseDingTalkEvent(push('ats_job_deliver_change', { candidateId: 'c-7', BizId: 'b' }), SETTINGS)).toEqual([
      { kind: 'pollHint', subjects: ['c-7'] },
    ]);
  });

  it('hints "poll all tracked" when the push carries no candidate id', () => {
    expect(parseDingTalkEvent(push('ats_job_deliver_change', { jobId: 'j', corpId: 'x' }), SETTINGS)).toEqual([{ kind: 'pollHint', subjects: [] }]);
  });

  it('reads the candidate id from a configurable dotted field, including JSON-string data', () => {
    const settings = { ...SETTINGS, hintCandidateIdField: 'data.candidateInfo.candidateId' };
    const event = push('hire_agent_sourcing_task_change', { data: JSON.stringify({ candidateInfo: { candidateId: 'c-8' } }) });
    expect(parseDingTalkEvent(event, settings)).toEqual([{ kind: 'pollHint', subjects: ['c-8'] }]);
  });

  it('ignores check_url and unrelated event types, saying why', () => {
    const [check] = parseDingTalkEvent(push('check_url', {}), SETTINGS);
    const [other] = parseDingTalkEvent(push('user_add_org', { UserId: ['u'] }), SETTINGS);
    expect(check).toEqual({ kind: 'ignored', why: expect.stringContaining('handshake') });
    expect(other).toEqual({ kind: 'ignored', why: expect.stringContaining('user_add_org') });
  });

  it('follows the configured hint event types only', () => {
    const [r] = parseDingTalkEvent(push('ats_job_deliver_change', {}), { ...SETTINGS, hintEventTypes: ['custom_type'] });
    expect(r.kind).toBe('ignored');
  });
});

describe('readPath', () => {
  it('returns undefined for missing or non-object steps', () => {
    expect(readPath({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(readPath({ a: 'not json' }, 'a.b')).toBeUndefined();
    expect(readPath({ a: [1] }, 'a.b')).toBeUndefined();
  });
});
