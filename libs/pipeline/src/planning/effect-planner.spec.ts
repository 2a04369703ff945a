import type { Capabilities } from '@hub/connector-sdk';
import type { ConnectionConfig, MappingConfig, TenantConfig } from '@hub/config';
import { sampleEvent } from '../../../../libs/schema/src/testing/sample-cancellation-event';
import { planDeliveries } from './effect-planner';

const mapping = (cancelled?: string): MappingConfig => ({
  reasons: {},
  interviewKind: 'ai_cloud',
  positionTitleFallback: '未知岗位',
  candidateNameTemplate: '候选人{candidateId}',
  initiatedBy: 'recruiter',
  statusValues: cancelled ? { cancelled } : {},
});

const conn = (id: string, connector: string, extra: Partial<ConnectionConfig> = {}): ConnectionConfig => ({
  id,
  connector,
  enabled: true,
  credentials: {},
  settings: {},
  mapping: mapping('2'),
  originEffects: [],
  ...extra,
});

const tenant = (connections: ConnectionConfig[]): TenantConfig => ({
  id: 'demo',
  timezone: '+08:00',
  apiKeys: [],
  connections,
  file: 'demo.yaml',
  identity: { candidates: [], interviewers: [], recruiters: [], positions: [] },
  policies: { tags: ['{year}年{month}月取消面试-岗位:{position}', '原因:{reason}'], talentPool: '潜在候选人', unsafeEffects: 'atMostOnce', contact: '陈静', defaultChannels: ['email'], notify: {} },
});

const caps: Record<string, Capabilities> = {
  dingtalk: {
    inbound: ['poll'],
    effects: ['candidateStatus', 'archiveInterview', 'notify', 'followUpReminder'],
    unsupported: { tagTalentPool: 'no talent-pool API', moveToTalentPool: 'no talent-pool API' },
    repeat: { candidateStatus: 'idempotent', archiveInterview: 'idempotent', notify: 'unsafe', followUpReminder: 'unsafe' },
  },
  hr: {
    inbound: [],
    effects: ['candidateStatus', 'tagTalentPool', 'moveToTalentPool', 'notify', 'followUpReminder'],
    unsupported: {},
    repeat: { candidateStatus: 'keyed', tagTalentPool: 'idempotent', moveToTalentPool: 'idempotent', notify: 'unsafe', followUpReminder: 'unsafe' },
  },
  hooks: { inbound: [], effects: ['deliverEvent'], unsupported: {}, repeat: { deliverEvent: 'keyed' } },
};

function plan(connections: ConnectionConfig[], event = sampleEvent(), subscriptions: { id: string }[] = []) {
  return planDeliveries({ event, tenant: tenant(connections), capabilitiesOf: (id) => caps[id], subscriptions, subscriptionConnector: 'hooks' });
}

describe('planDeliveries', () => {
  it('never plans anything back to the origin connection (echo suppression)', () => {
    expect(plan([conn('dingtalk-main', 'dingtalk')])).toEqual([]);
  });

  it('plans in the origin only the effects its connection lists in originEffects, never its status', () => {
    const event = sampleEvent();
    event.cancellation.initiatedBy = { type: 'recruiter', name: '陈静' };
    const origin = conn(event.source.connectionId, 'hr', { originEffects: ['moveToTalentPool', 'followUpReminder', 'candidateStatus'] });
    const planned = plan([origin], event);
    expect(planned.map((d) => [d.target.id, d.effect, d.skipReason])).toEqual([
      [event.source.connectionId, 'moveToTalentPool', undefined],
      [event.source.connectionId, 'followUpReminder', undefined],
    ]);
    expect(JSON.parse(planned[0].params)).toEqual({ pool: '潜在候选人' });
  });

  it('plans every supported effect with its repeat class, and unsupported ones as skipped with the reason', () => {
    const out = plan([conn('hr-main', 'hr'), conn('dingtalk-2', 'dingtalk')]);
    const dt = out.filter((d) => d.target.id === 'dingtalk-2');
    expect(dt.map((d) => [d.effect, d.repeat, d.skipReason])).toEqual([
      ['candidateStatus', 'idempotent', undefined],
      ['archiveInterview', 'idempotent', undefined],
      ['notify', 'unsafe', undefined],
      ['followUpReminder', 'unsafe', 'no recruiter initiated this cancellation, so there is nobody to remind'],
      ['tagTalentPool', 'unsafe', 'no talent-pool API'],
      ['moveToTalentPool', 'unsafe', 'no talent-pool API'],
    ]);
    const hr = Object.fromEntries(out.filter((d) => d.target.id === 'hr-main').map((d) => [d.effect, JSON.parse(d.params)]));
    expect(hr.candidateStatus).toEqual({ status: '2' });
    expect(hr.tagTalentPool).toEqual({ tags: ['2026年11月取消面试-岗位:销售经理', '原因:时间冲突'] });
    expect(hr.moveToTalentPool).toEqual({ pool: '潜在候选人' });
  });

  it('addresses the candidate by preferred channel and interviewers by the target system, naming people by hub id', () => {
    const event = sampleEvent();
    event.candidate.hubId = 'H-cand';
    event.interview.interviewers[0].hubId = 'H-int';
    const out = plan([conn('hr-main', 'hr')], event);
    const notify = JSON.parse(out.find((d) => d.effect === 'notify')!.params);
    expect(notify.recipients.map((r: { role: string; channel: string; name: string; hubId: string; externalId?: string }) => [r.role, r.channel, r.name, r.hubId, r.externalId])).toEqual([
      ['candidate', 'sms', '李雷', 'H-cand', undefined],
      ['interviewer', 'hr', '王经理', 'H-int', undefined],
    ]);
    expect(notify.recipients[0].body).toBe('李雷您好：您原定于2026年11月27日 10:00的「销售经理」岗位AI云面试已取消，原因：时间冲突。若有疑问，请联系陈静。感谢您的理解，期待未来合作。');
  });

  it('says nothing about an interview time it was not given', () => {
    const event = sampleEvent();
    delete event.interview.scheduledStart;
    const notify = JSON.parse(plan([conn('hr-main', 'hr')], event).find((d) => d.effect === 'notify')!.params);
    expect(notify.recipients[0].body).toContain('李雷您好：您的「销售经理」岗位AI云面试已取消');
    expect(notify.recipients[1].body).toBe('候选人李雷的「销售经理」岗位面试已取消，原因：时间冲突。');
  });

  it('reminds the recruiter who cancelled, and skips status writes with no configured value', () => {
    const event = sampleEvent();
    event.cancellation.initiatedBy = { type: 'recruiter', id: 'hr-1', hubId: 'H-rec', name: '陈静' };
    const out = plan([conn('hr-main', 'hr', { mapping: mapping() })], event);
    expect(out.find((d) => d.effect === 'candidateStatus')?.skipReason).toMatch(/set mapping\.statusValues\.cancelled on connection hr-main/);
    const remind = JSON.parse(out.find((d) => d.effect === 'followUpReminder')!.params);
    expect(remind.recipients).toEqual([expect.objectContaining({ role: 'recruiter', hubId: 'H-rec', title: '请跟进后续意向' })]);
  });

  it('honours a connection\'s effect list, skips disabled connections, and adds one deliverEvent per subscription', () => {
    const out = plan([conn('hr-main', 'hr', { effects: ['notify'] }), conn('hr-off', 'hr', { enabled: false })], sampleEvent(), [{ id: 'sub_1' }, { id: 'sub_2' }]);
    expect(out.map((d) => `${d.target.kind}:${d.target.id}:${d.target.connector}:${d.effect}:${d.repeat}`)).toEqual([
      'connection:hr-main:hr:notify:unsafe',
      'subscription:sub_1:hooks:deliverEvent:keyed',
      'subscription:sub_2:hooks:deliverEvent:keyed',
    ]);
  });
});
