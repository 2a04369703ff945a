import { nationalPhone, samePhone } from './phone';

describe('nationalPhone', () => {
  it('reduces every spelling of a mainland mobile to its 11 digits', () => {
    for (const p of ['13800138000', '+86 138-0013-8000', '0086 13800138000', '86-138 0013 8000', '+86-13800138000', 13800138000]) expect(nationalPhone(p)).toBe('13800138000');
  });

  it('keeps other numbers as their digits and gives nothing for an empty value', () => {
    expect(nationalPhone('+1 415 555 0100')).toBe('14155550100');
    expect(nationalPhone('86 010 1234 5678')).toBe('8601012345678');
    expect(nationalPhone('--')).toBeUndefined();
    expect(nationalPhone(undefined)).toBeUndefined();
  });

  it('compares two spellings of one number as the same, and nothing as no match', () => {
    expect(samePhone('+86-13800138000', '138 0013 8000')).toBe(true);
    expect(samePhone('13800138000', '13800138001')).toBe(false);
    expect(samePhone(undefined, undefined)).toBe(false);
  });
});
