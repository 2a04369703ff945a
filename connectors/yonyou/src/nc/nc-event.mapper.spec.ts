import { ConnectorError, type VendorEvent } from '@hub/connector-sdk';
import { parseNcEvent, readInterviewers } from './nc-event.mapper';
import { resolveSettings } from './nc-settings';
import { NC_CANCELLED_KIND } from './nc.types';

const settings = resolveSettings({ settings: { baseUrl: 'http://nc.example', operations: {} } });

const row = {
  pk_interview: 'NC-IV-0001',
  pk_candidate: 'NC-CAND-0001',
  candidate_name: '张伟',
  mobile: '13800138001',
  interview_time: '2026-12-03 10:00:00',
  interview_endtime: '2026-12-03 11:00:00',
  pk_job: 'NC-JOB-SALES',
  job_name: '销售经理',
  interviewers: [{ code: 'NC-PSN-0101', name: '王经理' }],
  round: 1,
  cancel_reason: '候选人已接受其他offer',
  cancel_memo: '候选人电话告知',
  canceller: '陈静',
  canceller_code: 'NC-PSN-0007',
  cancel_time: '2026-11-30 09:15:00',
  ts: '2026-11-30 09:15:00',
  dr: 0,
};

function event(payload: unknown, kind = NC_CANCELLED_KIND): VendorEvent {
  return { externalEventId: 'interview:NC-IV-0001:cancelled', kind, mode: 'poll', payload: typeof payload === 'string' ? payload : JSON.stringify(payload) };
}

const detectedAt = '2026-11-30T01:20:00.000Z';

describe('nc event mapper (pure)', () => {
  it('turns a cancelled-interview row into a VendorCancellation, times in the server\'s offset', () => {
    const parsed = parseNcEvent(event({ row, detectedAt, source: { interface: 'nc.itf.X', operation: 'q' } }), settings);
    expect(parsed).toEqual([
      {
        kind: 'cancellation',
        occurredAt: '2026-11-30T09:15:00.000+08:00',
        interview: {
          externalId: 'NC-IV-0001',
          scheduledStart: '2026-12-03T10:00:00.000+08:00',
          scheduledEnd: '2026-12-03T11:00:00.000+08:00',
          round: 1,
          position: { id: 'NC-JOB-SALES', title: '销售经理' },
          interviewers: [{ externalId: 'NC-PSN-0101', name: '王经理' }],
        },
        candidate: { externalId: 'NC-CAND-0001', name: '张伟', phone: '13800138001' },
        reasonValue: '候选人已接受其他offer',
        reasonText: '候选人电话告知',
        initiatedBy: { id: 'NC-PSN-0007', name: '陈静' },
        fields: expect.objectContaining({ pk_interview: 'NC-IV-0001', cancel_reason: '候选人已接受其他offer', dr: '0', round: '1' }),
      },
    ]);
    expect(parseNcEvent(event({ row, detectedAt }), settings)).toEqual(parsed);
  });

  it('reads a tenant\'s own column names and falls back to detectedAt without a cancel time', () => {
    const own = resolveSettings({ settings: { baseUrl: 'http://nc.example', operations: {}, poll: { fields: { interviewId: 'head.pk', candidateId: 'head.psn', reason: 'yy' } } } });
    const [c] = parseNcEvent(event({ row: { head: { pk: 'I-9', psn: 'P-9' }, yy: '岗位暂停' }, detectedAt }), own);
    expect(c).toMatchObject({ kind: 'cancellation', occurredAt: '2026-11-30T09:20:00.000+08:00', interview: { externalId: 'I-9', interviewers: [] }, candidate: { externalId: 'P-9' }, reasonValue: '岗位暂停' });
  });

  it('reads interviewers as objects, names, or one text', () => {
    expect(readInterviewers([{ pk_psndoc: 'p1' }, '李四', { id: 'u2', name: '王五' }, {}])).toEqual([{ externalId: 'p1' }, { name: '李四' }, { externalId: 'u2', name: '王五' }]);
    expect(readInterviewers('赵磊，孙莉; 周杰')).toEqual([{ name: '赵磊' }, { name: '孙莉' }, { name: '周杰' }]);
    expect(readInterviewers(undefined)).toEqual([]);
  });

  it.each([
    ['a payload that is not JSON', 'not json'],
    ['a payload without row', { detectedAt }],
    ['a row without ids', { row: { cancel_reason: 'x' }, detectedAt }],
    ['a row without any time', { row: { pk_interview: 'a', pk_candidate: 'b' } }],
  ])('refuses %s with INVALID', (_what, payload) => {
    let error: unknown;
    try {
      parseNcEvent(event(payload), settings);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('INVALID');
  });

  it('ignores kinds it does not store', () => {
    expect(parseNcEvent(event('{}', 'conformance.unknown'), settings)).toEqual([{ kind: 'ignored', why: expect.stringContaining('conformance.unknown') }]);
  });
});
