import { decodeTime } from 'ulid';
import { newUlid } from './ulid';

describe('newUlid', () => {
  it('gives time-ordered ids in the ULID alphabet, all different', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newUlid(1_700_000_000_000 + i));
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(decodeTime(ids[42])).toBe(1_700_000_000_042);
  });

  it('spreads its random part over the whole alphabet', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => newUlid().slice(10)).join(''));
    expect(seen.size).toBe(32);
  });
});
