import { ConnectorError, type VendorCancellation, type VendorEvent } from '@hub/connector-sdk';
import { parseBipEvent } from './bip-event.mapper';
import { resolveSettings } from './bip-settings';
import { CANDIDATE_CANCELLED_KIND, type BipCancelledPayload } from './bip.types';

const settings = resolveSettings({ settings: {} });

const CANDIDATE = {
  id: 'c-1',
  name: '李娜',
  mobile: '+86-13900139002',
  email: 'lina@example.com',
  status: '7',
  applyId: 'dayee-9',
  ts: '2024-05-02 10:15:30',
  interviewId: 'iv-88',
  interviewTime: '2024-05-06 14:00:00',
  interviewEndTime: '2024-05-06 15:00:00',
  positionId: 'pos-1',
  positionName: '前端工程师',
  interviewers: [{ id: 'u-1', name: '赵磊' }, 'u-2'],
  cancelReason: '岗位暂停',
  cancelApplyId: 'req-5',
};

const TRAIL = {
  id: 'req-5',
  candidateId: 'c-1',
  reason: '候选人已接受其他offer',
  requester: { id: 'hr-1', name: '陈静' },
  requestTime: '2024-05-02 09:00:00',
  status: 'approved',
  steps: [
    { level: 1, approver: { id: 'm-1', name: '王经理' }, action: 'return', time: '2024-05-02 09:30:00', comment: '补充说明' },
    { level: 1, approver: { id: 'm-1', name: '王经理' }, action: 'agree', time: '2024-05-02 09:45:00' },
    { level: 2, approver: { id: 'd-1', name: '刘总监' }, action: 'agree', time: '2024-05-02 10:15:00', comment: '同意' },
  ],
};

function cancelled(payload: Partial<BipCancelledPayload> = {}): VendorEvent {
  const full: BipCancelledPayload = { candidate: CANDIDATE, state: { kind: 'status', value: '7' }, modifiedAt: CANDIDATE.ts, approval: TRAIL, detectedAt: '2024-05-02T02:20:00.000Z', ...payload };
  return { externalEventId: 'candidate:c-1:status:7:req-5', kind: CANDIDATE_CANCELLED_KIND, mode: 'poll', payload: JSON.stringify(full) };
}

function only(event: VendorEvent, s = settings): VendorCancellation {
  const [parsed] = parseBipEvent(event, s);
  if (parsed.kind !== 'cancellation') throw new Error(`expected a cancellation, got ${parsed.kind}`);
  return parsed;
}

describe('parseBipEvent: cancellations', () => {
  it('maps a cancelled candidate with its approval trail, times in the tenant offset', () => {
    expect(only(cancelled())).toEqual({
      kind: 'cancellation',
      occurredAt: '2024-05-02T10:15:00.000+08:00',
      interview: {
        externalId: 'iv-88',
        scheduledStart: '2024-05-06T14:00:00.000+08:00',
        scheduledEnd: '2024-05-06T15:00:00.000+08:00',
        position: { id: 'pos-1', title: '前端工程师' },
        interviewers: [{ externalId: 'u-1', name: '赵磊' }, { externalId: 'u-2' }],
      },
      candidate: { externalId: 'c-1', name: '李娜', phone: '13900139002', email: 'lina@example.com' },
      reasonValue: '候选人已接受其他offer',
      reasonText: '候选人已接受其他offer',
      initiatedBy: { id: 'hr-1', name: '陈静' },
      approval: {
        requestId: 'req-5',
        requestedBy: { id: 'hr-1', name: '陈静' },
        requestedAt: '2024-05-02T09:00:00.000+08:00',
        steps: [
          { level: 1, approver: { id: 'm-1', name: '王经理' }, decision: 'returned', at: '2024-05-02T09:30:00.000+08:00', comment: '补充说明' },
          { level: 1, approver: { id: 'm-1', name: '王经理' }, decision: 'approved', at: '2024-05-02T09:45:00.000+08:00' },
          { level: 2, approver: { id: 'd-1', name: '刘总监' }, decision: 'approved', at: '2024-05-02T10:15:00.000+08:00', comment: '同意' },
        ],
      },
      fields: { stateKind: 'status', stateValue: '7', status: '7', cancelApplyId: 'req-5', approvalStatus: 'approved', applyId: 'dayee-9' },
    });
  });

  it('is pure: the same event parses to the same result, and the input is left alone', () => {
    const event = cancelled();
    const copy = structuredClone(event);
    expect(parseBipEvent(event, settings)).toEqual(parseBipEvent(event, settings));
    expect(event).toEqual(copy);
  });

  it('takes the reason from the candidate field, then from stateReasons, without a request', () => {
    expect(only(cancelled({ approval: undefined })).reasonValue).toBe('岗位暂停');
    const bare = { ...CANDIDATE, cancelReason: undefined, cancelApplyId: undefined };
    const noReason = only(cancelled({ approval: undefined, candidate: bare, state: { kind: 'billstate', value: '13' } }));
    expect([noReason.reasonValue, noReason.reasonText, noReason.approval]).toEqual(['终止', undefined, undefined]);
    expect(only(cancelled({ approval: undefined, candidate: bare }), resolveSettings({ settings: { stateReasons: {} } })).reasonValue).toBe('');
  });

  it('makes an interview id from the request, else from the state, when the tenant has no interview field', () => {
    expect(only(cancelled({ candidate: { ...CANDIDATE, interviewId: undefined } })).interview.externalId).toBe('c-1:req-5');
    const bare = { ...CANDIDATE, interviewId: undefined, cancelApplyId: undefined };
    expect(only(cancelled({ candidate: bare, approval: undefined })).interview.externalId).toBe('c-1:status:7');
  });

  it('dates the cancellation by the last agreement, else the modified time, else the detection', () => {
    const pending = { ...TRAIL, status: 'pending', steps: [TRAIL.steps[0]] };
    expect(only(cancelled({ approval: pending })).occurredAt).toBe('2024-05-02T10:15:30.000+08:00');
    expect(only(cancelled({ approval: undefined, modifiedAt: undefined })).occurredAt).toBe('2024-05-02T10:20:00.000+08:00');
  });

  it('reads custom field names from settings.fields', () => {
    const custom = resolveSettings({ settings: { fields: { interviewId: 'ext.iv', positionTitle: 'job.title' } } });
    const candidate = { ...CANDIDATE, ext: { iv: 'X-1' }, job: JSON.stringify({ title: '运营' }) };
    const parsed = only(cancelled({ candidate }), custom);
    expect([parsed.interview.externalId, parsed.interview.position?.title]).toEqual(['X-1', '运营']);
  });

  it('refuses an unreadable payload with INVALID', () => {
    for (const payload of ['nope', '[]', JSON.stringify({ candidate: { name: 'x' }, state: { kind: 'status', value: '7' }, detectedAt: '2024-01-01T00:00:00Z' })]) {
      expect(() => parseBipEvent({ ...cancelled(), payload }, settings)).toThrow(ConnectorError);
    }
  });
});

describe('parseBipEvent: pushes are hints only', () => {
  it('turns a candidate event-center delivery into a hint naming the candidate (JSON-text or bare userObject)', () => {
    const event = (userObject: unknown): VendorEvent => ({ externalEventId: 'e', kind: 'event-center:HRED_CANDIDATE_STATUS_CHANGE', mode: 'webhook', payload: JSON.stringify({ userObject }) });
    expect(parseBipEvent(event(JSON.stringify({ candidateId: 'c-9', status: '7' })), settings)).toEqual([{ kind: 'pollHint', subjects: ['c-9'] }]);
    expect(parseBipEvent(event({ id: 'c-8' }), settings)).toEqual([{ kind: 'pollHint', subjects: ['c-8'] }]);
    expect(parseBipEvent(event('c-7'), settings)).toEqual([{ kind: 'pollHint', subjects: ['c-7'] }]);
    expect(parseBipEvent(event({}), settings)).toEqual([{ kind: 'pollHint', subjects: [] }]);
  });

  it('ignores other event-center types, and turns hintEventTypes pushes into "poll what changed"', () => {
    expect(parseBipEvent({ externalEventId: 'e', kind: 'event-center:ORDER_SAVE', mode: 'webhook', payload: '{}' }, settings)[0].kind).toBe('ignored');
    expect(parseBipEvent({ externalEventId: 'e', kind: 'push:STAFF_UPDATE', mode: 'webhook', payload: '{}' }, settings)).toEqual([{ kind: 'pollHint', subjects: [] }]);
    expect(parseBipEvent({ externalEventId: 'e', kind: 'push:DEPT_ADD', mode: 'webhook', payload: '{}' }, settings)[0].kind).toBe('ignored');
    expect(parseBipEvent({ externalEventId: 'e', kind: 'other', mode: 'poll', payload: 'not json' }, settings)[0].kind).toBe('ignored');
  });
});
