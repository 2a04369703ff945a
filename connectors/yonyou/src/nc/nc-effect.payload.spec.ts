import type { Effect } from '@hub/connector-sdk';
import { archiveNote, effectPayload, effectVariables } from './nc-effect.payload';
import { sampleEvent } from './testing/nc-demo.settings';

const effect = (type: Effect['type'], params: Effect['params'] = {}): Effect => ({ type, idempotencyKey: 'dlv-1', event: sampleEvent(7), params });

describe('nc effect payload ({{json}})', () => {
  it('carries this connection\'s own ids, the key and the status', () => {
    const p = effectPayload(effect('candidateStatus', { status: '7' }), 'yonyou-nc');
    expect(p).toMatchObject({
      effect: 'candidateStatus',
      idempotencyKey: 'dlv-1',
      status: '7',
      candidate: { externalId: 'NC-CAND-7', name: '李雷', phone: '13800138000' },
      interview: { key: 'dingtalk-main:iv-7', externalId: 'NC-IV-7', position: { title: '销售经理' }, interviewers: [{ externalId: 'NC-PSN-0101', name: '王经理' }] },
      reason: { code: 'candidate_withdrew', sourceValue: '时间冲突' },
    });
    expect(p.note).toBeUndefined();
    expect(p.tags).toBeUndefined();
  });

  it('leaves ids out when the hub knows none for this connection (JSON drops them)', () => {
    const p = effectPayload({ ...effect('archiveInterview'), event: sampleEvent(8, false) }, 'yonyou-nc');
    expect(JSON.parse(JSON.stringify(p)).candidate).toEqual({ name: '李雷', phone: '13800138000' });
    expect(p.note).toBe('面试已取消 | 取消时间: 2026-11-25T18:00:00+08:00 | 原因: 时间冲突 | 说明: time_conflict | 发起方: 候选人');
  });

  it('gives tags to tagTalentPool and every field as a variable', () => {
    const v = effectVariables(effect('tagTalentPool', { tags: ['2026年11月取消面试-岗位:销售经理', '原因:时间冲突'] }), { id: 'yonyou-nc', credentials: { username: 'u', password: 'p' } });
    expect(v.tags).toEqual(['2026年11月取消面试-岗位:销售经理', '原因:时间冲突']);
    expect(JSON.parse(v.json as string).tags).toEqual(v.tags);
    expect(v).toMatchObject({ 'credentials.username': 'u', 'credentials.password': 'p', idempotencyKey: 'dlv-1', 'candidate.externalId': 'NC-CAND-7', 'interview.externalId': 'NC-IV-7', reason: '时间冲突', reasonCode: 'candidate_withdrew', 'position.title': '销售经理' });
    expect(archiveNote({ ...sampleEvent(1), cancellation: { reason: { code: 'other', text: '面试官出差', sourceValue: 'x' }, initiatedBy: { type: 'recruiter', name: '陈静' } } })).toBe(
      '面试已取消 | 取消时间: 2026-11-25T18:00:00+08:00 | 原因: 面试官出差 | 发起方: 陈静',
    );
  });
});
