import { ConnectorError } from '@hub/connector-sdk';
import { buildRecord, businessKey, templateValues } from './u8-record.builder';
import { DEFAULT_U8_EFFECTS } from './u8-settings';
import { u8Effect } from './u8-test.fixtures';

const options = { prefix: 'HUB', length: 20 };

describe('U8 record builder', () => {
  it('derives a stable, short business key per delivery and effect type', () => {
    const status = { type: 'candidateStatus' as const, idempotencyKey: 'k-1' };
    const key = businessKey(status, options);
    expect(key).toMatch(/^HUB[0-9A-F]{17}$/);
    expect(businessKey(status, options)).toBe(key);
    expect(businessKey({ ...status, type: 'archiveInterview' }, options)).not.toBe(key);
    expect(businessKey({ ...status, idempotencyKey: 'k-2' }, options)).not.toBe(key);
    expect(businessKey(status, { prefix: '', length: 12 })).toHaveLength(12);
  });

  it('renders the default archive fields from the event and sets the key field to the business key', () => {
    const effect = u8Effect('archiveInterview');
    const record = buildRecord('archiveInterview', DEFAULT_U8_EFFECTS.archiveInterview, templateValues(effect, { id: 'yonyou-u8' }, 'HUBKEY'));
    expect(record).toEqual({
      code: 'HUBKEY',
      name: '李雷',
      interview: effect.event.interview.key,
      position: '销售经理',
      scheduled: '2026-11-27T10:00:00+08:00',
      interviewers: '王经理',
      reason: '时间冲突',
      memo: '面试已取消 | 候选人: 李雷 | 岗位: 销售经理 | 原定: 2026-11-27T10:00:00+08:00 | 原因: 时间冲突 | 面试官: 王经理 | 发起方: candidate',
    });
  });

  it('fills the status and this connection’s own ids; a missing value renders empty', () => {
    const effect = u8Effect('candidateStatus', '7');
    effect.event.candidate.externalIds['yonyou-u8'] = 'P-0042';
    const record = buildRecord('candidateStatus', DEFAULT_U8_EFFECTS.candidateStatus, templateValues(effect, { id: 'yonyou-u8' }, 'K'));
    expect(record).toMatchObject({ code: 'K', status: '7', candidate: 'P-0042', phone: '13800138000' });
    const other = buildRecord('candidateStatus', DEFAULT_U8_EFFECTS.candidateStatus, templateValues(effect, { id: 'elsewhere' }, 'K'));
    expect(other.candidate).toBe('');
  });

  it('refuses a template naming an unknown variable with INVALID, naming the setting', () => {
    const mapping = { ...DEFAULT_U8_EFFECTS.archiveInterview, fields: { name: '{{ candidate.nmae }}' } };
    let error: unknown;
    try {
      buildRecord('archiveInterview', mapping, templateValues(u8Effect('archiveInterview'), { id: 'c' }, 'K'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).kind).toBe('INVALID');
    expect((error as ConnectorError).message).toMatch(/settings\.effects\.archiveInterview\.fields use unknown template variables: candidate\.nmae/);
  });
});
