import type { Connection } from '@hub/connector-sdk';
import { interviewEvent, interviewFieldKeys, parseK3Event } from './k3-interview.mapper';
import { resolveSettings } from './k3-settings';

const conn = (settings: Record<string, unknown> = {}): Connection => ({ tenantId: 't', id: 'k3', connector: 'kingdee', credentials: {}, settings: { serverUrl: 'http://k3/K3Cloud', ...settings } });

describe('K/3 interview rows → cancellations', () => {
  const s = resolveSettings(conn({ interview: { formId: 'F_IV', statusField: 'FState', cancelledValues: ['C'], fields: { id: 'FBillNo', candidateId: 'FCand', phone: 'FTel', batchId: 'FBatch' } } }));
  const row = { FBillNo: 'IV9', FCand: 'C9', FState: 'C', FModifyDate: '2026-11-30 12:30:00', FTel: '138', FBatch: 'B7', FReason: '候选人放弃', FScheduledStart: '2026-12-01T09:00:00' };

  it('polls the configured field keys and keys the event by form, id and modification time', () => {
    expect(interviewFieldKeys(s)).toEqual(expect.arrayContaining(['FBillNo', 'FCand', 'FState', 'FModifyDate', 'FTel', 'FBatch']));
    expect(interviewEvent(row, s).externalEventId).toBe('F_IV:IV9:2026-11-30 12:30:00');
  });

  it('maps a cancelled row with batchId and UTC times from the server offset; ignores others', () => {
    const [parsed] = parseK3Event(interviewEvent(row, s), s);
    expect(parsed).toMatchObject({
      kind: 'cancellation',
      occurredAt: '2026-11-30T04:30:00.000Z',
      interview: { externalId: 'IV9', scheduledStart: '2026-12-01T01:00:00.000Z' },
      candidate: { externalId: 'C9', phone: '138' },
      reasonValue: '候选人放弃',
      batchId: 'B7',
    });
    const [noBatch] = parseK3Event(interviewEvent({ ...row, FBatch: '' }, s), s);
    expect(noBatch).not.toHaveProperty('batchId');
    expect(parseK3Event(interviewEvent({ ...row, FState: 'A' }, s), s)).toEqual([{ kind: 'ignored', why: expect.stringContaining('not cancelled') }]);
    const withRecruiter = resolveSettings(conn({ interview: { fields: { recruiter: 'FRecruiterId', recruiterName: 'FRecruiterName' } } }));
    const [byRecruiter] = parseK3Event(interviewEvent({ FNumber: 'IV1', FCandidateNumber: 'C1', FStatus: 'CANCELLED', FModifyDate: '2026-11-30 12:30:00', FRecruiterId: 'R01', FRecruiterName: '陈静' }, withRecruiter), withRecruiter);
    expect(byRecruiter).toMatchObject({ initiatedBy: { type: 'recruiter', id: 'R01', name: '陈静' } });
    expect(interviewFieldKeys(withRecruiter)).toEqual(expect.arrayContaining(['FRecruiterId', 'FRecruiterName']));
    expect(parsed).not.toHaveProperty('initiatedBy');
    expect(() => parseK3Event({ externalEventId: 'x', kind: 'k3.interview.cancelled', mode: 'poll', payload: 'nope' }, s)).toThrow(expect.objectContaining({ kind: 'INVALID' }));
  });
});
