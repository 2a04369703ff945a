import { ConnectorError, type Connection } from '@hub/connector-sdk';
import { envelopeData } from './cosmic-errors';
import { parseCosmicEvent } from './cosmic-event.mapper';
import { COSMIC_CANCELLED_KIND } from './cosmic-poller';
import { formPath, resolveSettings } from './cosmic-settings';

const conn: Connection = { tenantId: 't', id: 'cosmic-main', connector: 'kingdee-cosmic', credentials: {}, settings: { baseUrl: 'http://cosmic.test/' } };
const settings = resolveSettings(conn);
const codes = { auth: settings.authErrorCodes, rateLimit: settings.rateLimitCodes };
const event = (row: Record<string, unknown>) => ({ externalEventId: 'e1', kind: COSMIC_CANCELLED_KIND, mode: 'poll' as const, payload: JSON.stringify({ formId: 'hr_interview', row }) });
const kind = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as ConnectorError).kind;
  }
  return 'none';
};

describe('Cosmic parse', () => {
  it('maps a cancelled row with its batch id and wall-clock times (UTC+8)', () => {
    const row = { id: 'iv-9', status: 'C', modifytime: '2026-11-30 18:00:00', candidate: 'c-1', candidatename: '王敏', phone: '+86 138 0013 8001', cancelreason: '岗位关闭', batchid: 'b-7', starttime: '2026-12-01 09:30:00' };
    expect(parseCosmicEvent(event(row), settings)).toEqual([
      expect.objectContaining({
        kind: 'cancellation',
        occurredAt: '2026-11-30T10:00:00.000Z',
        interview: { externalId: 'iv-9', scheduledStart: '2026-12-01T01:30:00.000Z', interviewers: [] },
        candidate: { externalId: 'c-1', name: '王敏', phone: '13800138001' },
        reasonValue: '岗位关闭',
        batchId: 'b-7',
      }),
    ]);
  });

  it('refuses rows without id, candidate or time with INVALID, and ignores other kinds', () => {
    expect(kind(() => parseCosmicEvent(event({ id: 'iv-1', status: 'C' }), settings))).toBe('INVALID');
    expect(kind(() => parseCosmicEvent({ ...event({}), payload: 'nope' }, settings))).toBe('INVALID');
    expect(parseCosmicEvent({ ...event({}), kind: 'other' }, settings)).toEqual([{ kind: 'ignored', why: expect.any(String) }]);
  });
});

describe('Cosmic envelope', () => {
  const answer = (status: number, data: unknown, headers: Record<string, unknown> = {}) => ({ status, data, headers });
  it('returns data only for errorCode "0"', () => {
    expect(envelopeData(answer(200, { data: { rows: [] }, errorCode: '0', message: '', status: true }), 'q', codes)).toEqual({ rows: [] });
  });
  it.each([
    [200, { errorCode: '401', status: false }, 'AUTH_EXPIRED'],
    [200, { errorCode: '612', status: false }, 'AUTH_EXPIRED'],
    [429, { errorCode: '429', status: false }, 'RATE_LIMITED'],
    [200, { errorCode: '429', status: false }, 'RATE_LIMITED'],
    [502, '<html>bad gateway</html>', 'TEMPORARY'],
    [200, 'not an envelope', 'TEMPORARY'],
    [200, { errorCode: '603', status: false }, 'PERMANENT'],
    [404, { errorCode: '404', status: false }, 'PERMANENT'],
    [200, { errorCode: '0', status: false }, 'PERMANENT'],
  ])('HTTP %i %j → %s', (status, body, expected) => {
    expect(kind(() => envelopeData(answer(status, body), 'q', codes))).toBe(expected);
  });
});

describe('Cosmic settings', () => {
  it('builds /kapi/v2/{isv}/{appId}/{formId}/{op}, leaving out an empty isv', () => {
    expect(formPath({ isv: 'kdtest', appId: 'hr', formId: 'hr_interview' }, 'query')).toBe('/kapi/v2/kdtest/hr/hr_interview/query');
    expect(formPath({ isv: '', appId: 'hr', formId: 'hr_interview' }, 'save')).toBe('/kapi/v2/hr/hr_interview/save');
    expect(settings.baseUrl).toBe('http://cosmic.test');
  });
});
