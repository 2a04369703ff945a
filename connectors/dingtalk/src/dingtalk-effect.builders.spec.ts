import { ConnectorError, type NotifyRecipient } from '@hub/connector-sdk';
import { buildArchiveBody, cancellationNote, interviewerUserIds, planNotifications, statusValue } from './dingtalk-effect.builders';
import { sampleCancellation } from './dingtalk-test.fixtures';

describe('statusValue', () => {
  it('prefers the effect parameter, then the configured value', () => {
    expect(statusValue('23')).toBe(23);
  });

  it('rejects a missing or non-integer value as INVALID', () => {
    expect(() => statusValue(undefined)).toThrow(ConnectorError);
    expect(() => statusValue('面试取消')).toThrow(/integer/);
  });
});

describe('buildArchiveBody', () => {
  const event = sampleCancellation();

  it('builds the candidateInfoVOList variant with a cancellation history entry', () => {
    const body = buildArchiveBody(event, 'dt', { candidateId: 'dt-c-1' }, { isvId: 'hub', variant: 'candidateInfoVOList' });
    expect(body).toEqual({
      isvId: 'hub',
      interviewId: 'dt-iv-1',
      interviewType: 'ai_cloud',
      interviewStartTime: Date.parse('2024-05-03T10:00:00.000+08:00'),
      interviewEndTime: Date.parse('2024-05-03T11:00:00.000+08:00'),
      candidateInfoVOList: [
        {
          bizCandidateId: 'dt-c-1',
          name: '张三',
          phone: '13800000000',
          historyInterviewInfoVOList: [
            {
              historyInterviewId: 'dt-iv-1',
              historyInterviewRounds: '2',
              canViewUserIdList: ['manager01'],
              aiInterviewHistoryEvaluationContentList: [{ historyInterviewContent: cancellationNote(event), interviewerUserId: 'manager01' }],
            },
          ],
        },
      ],
      interviewerInfoVOList: [{ id: 'manager01', name: '王面试' }],
      jobContentVO: { jobName: '销售经理' },
    });
  });

  it('builds the intervieweeInfoVOList variant', () => {
    const body = buildArchiveBody(event, 'dt', { candidateId: 'dt-c-1' }, { isvId: 'hub', variant: 'intervieweeInfoVOList' });
    expect(body.candidateInfoVOList).toBeUndefined();
    expect(body.intervieweeInfoVOList).toEqual([
      {
        bizIntervieweeId: 'dt-c-1',
        name: '张三',
        phone: '13800000000',
        historyInterviewInfoVOList: [
          {
            historyInterviewId: 'dt-iv-1',
            interviewRounds: '2',
            canViewUserIdList: ['manager01'],
            evaluation: cancellationNote(event),
            historyInterviewResult: 'cancelled',
            interviewerName: '王面试',
          },
        ],
      },
    ]);
  });

  it('prefers the DingTalk interview found by the applier and falls back to hub ids', () => {
    const found = { interviewId: 'i-77', startTimeMillis: 1, endTimeMillis: 2, interviewers: [{ userId: 'u9' }] };
    const body = buildArchiveBody(event, 'dt', { candidateId: 'dt-c-1', interview: found }, { isvId: 'hub', variant: 'candidateInfoVOList' });
    expect([body.interviewId, body.interviewStartTime, body.interviewEndTime]).toEqual(['i-77', 1, 2]);
    const bare = sampleCancellation({ interview: { ...event.interview, externalIds: {} } });
    const fallback = buildArchiveBody(bare, 'dt', {}, { isvId: 'hub', variant: 'candidateInfoVOList' });
    expect(fallback.interviewId).toBe('iv-key-1');
    expect((fallback.candidateInfoVOList as { bizCandidateId: string }[])[0].bizCandidateId).toBe('cand-hub-1');
  });

  it('notes the reason, its text and who cancelled', () => {
    expect(cancellationNote(event)).toBe('面试已取消 | 取消时间: 2024-05-01T08:55:00.000+08:00 | 原因: 时间冲突 | 说明: 候选人时间冲突 | 发起方: candidate');
  });
});

describe('interviewerUserIds', () => {
  it('merges DingTalk interviewers and identity-mapped ones without duplicates', () => {
    const ids = interviewerUserIds(sampleCancellation(), 'dt', { interview: { interviewId: 'i', interviewers: [{ userId: 'manager01' }, { userId: 'm2' }] } });
    expect(ids).toEqual(['manager01', 'm2']);
  });
});

describe('planNotifications', () => {
  const r = (o: Partial<NotifyRecipient>): NotifyRecipient => ({ role: 'interviewer', channel: 'dingtalk', title: 't', body: '面试已取消', ...o });

  it('groups reachable recipients by body', () => {
    const plan = planNotifications([r({ externalId: 'u1' }), r({ externalId: 'u2' }), r({ externalId: 'u3', role: 'recruiter', body: '请跟进' })]);
    expect(plan.batches).toEqual([
      { content: '面试已取消', userIds: ['u1', 'u2'] },
      { content: '请跟进', userIds: ['u3'] },
    ]);
    expect(plan.unreachable).toEqual([]);
  });

  it('reports who DingTalk cannot reach and why', () => {
    const plan = planNotifications([
      r({ name: '李四', externalId: undefined }),
      r({ name: '张三', role: 'candidate', externalId: 'c1' }),
      r({ name: '赵五', externalId: 'u5', channel: 'sms' }),
    ]);
    expect(plan.batches).toEqual([]);
    expect(plan.unreachable).toEqual([
      { who: '李四 (interviewer)', why: 'no DingTalk userId' },
      { who: '张三 (candidate)', why: 'candidates are not DingTalk organisation members' },
      { who: '赵五 (interviewer)', why: 'channel "sms" is not DingTalk' },
    ]);
  });

  it('splits more than 100 users into several calls', () => {
    const plan = planNotifications(Array.from({ length: 150 }, (_, i) => r({ externalId: `u${i}` })));
    expect(plan.batches.map((b) => b.userIds.length)).toEqual([100, 50]);
  });
});
