import type { Connection } from '@hub/connector-sdk';
import { interviewEvent, parseBeisenEvent } from './beisen-interview.mapper';
import { readApply, readInterview } from './beisen-records';
import { resolveSettings } from './beisen-settings';

const conn: Connection = { tenantId: 't', id: 'beisen-main', connector: 'beisen', credentials: {}, settings: { process: { id: 'p-1' } } };
const s = resolveSettings(conn);
const raw = {
  interviewId: 'iv-1',
  applyId: 'ap-1',
  applicantId: 'al-1',
  jobId: 'job-1',
  jobName: '销售经理',
  startTime: '2026-12-03 10:00:00',
  endTime: '2026-12-03 10:45:00',
  status: 'Cancelled',
  cancelReason: '时间冲突',
  cancelledBy: { userId: 'u-9', name: '陈静' },
  batchId: 'B-1',
  interviewers: [{ userId: 'u-2', name: '刘洋' }],
  round: 2,
  modifiedTime: '2026-12-01 09:30:00',
};

describe('Beisen interview mapping', () => {
  it('reads an apply in the nested *Lite form and the flat form alike', () => {
    const nested = readApply({ applyId: 'ap-1', processId: 'p-1', processPhaseId: 'ph', processStatusId: 'st', applicantLite: { applicantId: 'al-1', name: '张伟', mobile: '13800138001', email: 'z@x.cn' }, jobLite: { jobId: 'job-1', jobName: '销售经理' } });
    const flat = readApply({ applyId: 'ap-1', processId: 'p-1', processPhaseId: 'ph', processStatusId: 'st', applicantId: 'al-1', name: '张伟', mobile: '13800138001', email: 'z@x.cn', jobId: 'job-1', jobName: '销售经理' });
    expect(nested).toEqual(flat);
    expect(nested).toMatchObject({ applicantId: 'al-1', mobile: '13800138001', jobName: '销售经理', phaseId: 'ph', statusId: 'st' });
  });

  it('turns a cancelled interview into a cancellation under Beisen ids, times from +08:00', () => {
    const apply = readApply({ applyId: 'ap-1', applicantLite: { applicantId: 'al-1', name: '张伟', mobile: '13800138001' } });
    const event = interviewEvent(readInterview(raw, 480)!, apply);
    expect(event.externalEventId).toBe('interview:iv-1:cancelled');
    const [parsed] = parseBeisenEvent(event, s);
    expect(parsed).toMatchObject({
      kind: 'cancellation',
      occurredAt: '2026-12-01T01:30:00.000Z',
      interview: { externalId: 'iv-1', round: 2, scheduledStart: '2026-12-03T02:00:00.000Z', scheduledEnd: '2026-12-03T02:45:00.000Z', position: { id: 'job-1', title: '销售经理' }, interviewers: [{ externalId: 'u-2', name: '刘洋' }] },
      candidate: { externalId: 'al-1', name: '张伟', phone: '13800138001' },
      reasonValue: '时间冲突',
      batchId: 'B-1',
      initiatedBy: { type: 'recruiter', id: 'u-9', name: '陈静' },
    });
    expect(parseBeisenEvent(event, s)).toEqual(parseBeisenEvent(event, s));
  });

  it('ignores an interview that is not cancelled, and refuses a payload that is not JSON', () => {
    const scheduled = interviewEvent(readInterview({ ...raw, status: 'Scheduled' }, 480)!, undefined);
    expect(parseBeisenEvent(scheduled, s)).toEqual([{ kind: 'ignored', why: 'interview iv-1 is Scheduled, not cancelled' }]);
    expect(() => parseBeisenEvent({ ...scheduled, payload: 'nope' }, s)).toThrow('not JSON');
  });
});
