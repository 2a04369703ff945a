import { ConnectorError, type Connection, type Effect } from '@hub/connector-sdk';
import type { CancellationEvent } from '@hub/schema';
import { cosmicBill, cosmicBillKey, cosmicFormOf, saveRowOutcome } from './cosmic-bill';
import { resolveSettings } from './cosmic-settings';

const conn: Connection = { tenantId: 't', id: 'cosmic-main', connector: 'kingdee-cosmic', credentials: {}, settings: { baseUrl: 'http://cosmic.test', effects: { moveToTalentPool: { formId: 'pool_form', extra: { source: 'hub' } } } } };
const settings = resolveSettings(conn);
const event = {
  interview: { key: 'api:iv-1', externalIds: { 'cosmic-main': 'iv-1' } },
  candidate: { externalIds: { 'cosmic-main': 'cand-1' }, name: '张伟' },
  cancellation: { reason: { code: 'candidate_withdrew', detail: 'other_offer' } },
} as unknown as CancellationEvent;
const effect = (type: Effect['type'], params: Effect['params'] = {}, idempotencyKey = 'd1'): Effect => ({ type, idempotencyKey, event, params });

describe('Cosmic bill', () => {
  it('carries sha256(idempotencyKey + type) as 32 hex chars, the candidate, the interview and the value', () => {
    const pool = cosmicFormOf('moveToTalentPool', settings);
    expect(cosmicBill(effect('moveToTalentPool', { pool: '潜在候选人' }), pool, conn)).toEqual({
      source: 'hub',
      hubkey: cosmicBillKey(effect('moveToTalentPool')),
      candidate: 'cand-1',
      interview: 'iv-1',
      pool: '潜在候选人',
    });
    expect(cosmicBillKey(effect('moveToTalentPool'))).toMatch(/^[0-9a-f]{32}$/);
    expect(cosmicBillKey(effect('moveToTalentPool'))).not.toBe(cosmicBillKey(effect('followUpReminder')));
    expect(cosmicBill(effect('archiveInterview'), cosmicFormOf('archiveInterview', settings), conn).remark).toBe('面试已取消 candidate_withdrew/other_offer');
  });

  it('refuses an effect without its value or candidate id (INVALID) and one Cosmic does not apply (PERMANENT)', () => {
    expect(() => cosmicBill(effect('candidateStatus'), cosmicFormOf('candidateStatus', settings), conn)).toThrow(expect.objectContaining({ kind: 'INVALID' }));
    expect(() => cosmicBill(effect('followUpReminder'), cosmicFormOf('followUpReminder', settings), { ...conn, id: 'other' })).toThrow(expect.objectContaining({ kind: 'INVALID' }));
    expect(() => cosmicFormOf('notify', settings)).toThrow(expect.objectContaining({ kind: 'PERMANENT' }));
  });

  it('reads a save result row: Add → applied, Update → duplicate, billStatus:false → INVALID with the row message', () => {
    const form = cosmicFormOf('moveToTalentPool', settings);
    expect(saveRowOutcome(form, { billIndex: 0, billStatus: true, id: '42', number: 'P-1', type: 'Add' })).toEqual({ ok: true, receipt: { outcome: 'applied', externalRef: '42', detail: 'pool_form P-1' } });
    expect(saveRowOutcome(form, { billIndex: 0, billStatus: true, id: '42', number: '', type: 'Update' })).toEqual({ ok: true, receipt: { outcome: 'duplicate', externalRef: '42' } });
    const refused = saveRowOutcome(form, { billIndex: 0, billStatus: false, errors: [{ message: '状态值不合法' }], id: '', type: 'Add' });
    expect(refused.ok).toBe(false);
    const error = (refused as { error: Error }).error as ConnectorError;
    expect([error.kind, error.message]).toEqual(['INVALID', expect.stringContaining('状态值不合法')]);
  });
});
