import { compareTs, nextCursor, readCursor, shiftTs } from './nc-cursor';

const TZ = '+08:00';

describe('nc poll cursor', () => {
  it('reads what a previous poll stored, and nothing from garbage', () => {
    expect(readCursor(undefined)).toEqual({ ids: [] });
    expect(readCursor('not json')).toEqual({ ids: [] });
    expect(readCursor('{"since":"2026-11-25 10:00:00","ids":["a",1]}')).toEqual({ since: '2026-11-25 10:00:00', ids: ['a'] });
  });

  it('orders NC times as instants (also across formats), other text as text', () => {
    expect(compareTs('2026-11-25 10:00:01', '2026-11-25 10:00:00', TZ)).toBeGreaterThan(0);
    expect(compareTs('2026-11-25 10:00:00', '2026-11-25T02:00:00Z', TZ)).toBe(0);
    expect(compareTs('v-10', 'v-9', TZ)).toBeLessThan(0);
  });

  it('moves a time back the way NC writes it', () => {
    expect(shiftTs('2026-11-25 10:05:00', 10, TZ)).toBe('2026-11-25 09:55:00');
    expect(shiftTs('1764036300000', 1, TZ)).toBe('1764036240000');
    expect(shiftTs('v-10', 10, TZ)).toBe('v-10');
  });

  it('advances to the latest change read and keeps the interviews read at it', () => {
    const rows = [
      { id: 'a', ts: '2026-11-25 10:00:00' },
      { id: 'b', ts: '2026-11-25 10:00:05' },
      { id: 'c', ts: '2026-11-25 10:00:05' },
      { id: 'd' },
    ];
    expect(nextCursor({ ids: [] }, '2026-11-24 10:00:00', rows, TZ)).toEqual({ since: '2026-11-25 10:00:05', ids: ['b', 'c'] });
    // Nothing newer: the cursor stays, with the ids already seen at it and the new ones at the same time.
    expect(nextCursor({ since: '2026-11-25 10:00:05', ids: ['b'] }, '2026-11-25 10:00:05', [{ id: 'c', ts: '2026-11-25 10:00:05' }], TZ)).toEqual({ since: '2026-11-25 10:00:05', ids: ['b', 'c'] });
    // A sweep reads from earlier; the cursor never goes back.
    expect(nextCursor({ since: '2026-11-25 10:00:05', ids: ['b'] }, '2026-11-25 09:50:05', [{ id: 'a', ts: '2026-11-25 10:00:00' }], TZ)).toEqual({ since: '2026-11-25 10:00:05', ids: ['b'] });
    expect(nextCursor({ ids: [] }, '2026-11-24 10:00:00', [], TZ)).toEqual({ since: '2026-11-24 10:00:00', ids: [] });
  });
});
