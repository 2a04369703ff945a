import { candidateFactKeys, emailKey, phoneKey } from './identity-facts';

describe('identity facts', () => {
  it('matches the same mobile number whatever its notation', () => {
    for (const p of ['13800138000', '+86 138-0013-8000', '0086 13800138000', '86-138 0013 8000']) expect(phoneKey(p)).toBe('13800138000');
    expect(phoneKey('+1 415 555 0100')).toBe('14155550100');
    expect(phoneKey('12-3')).toBeUndefined();
  });

  it('matches emails regardless of case and spaces', () => {
    expect(emailKey(' Li.Lei@Example.COM ')).toBe('li.lei@example.com');
    expect(emailKey('not-an-email')).toBeUndefined();
  });

  it('lists fact keys strongest first, leaving out what is absent', () => {
    expect(candidateFactKeys('t', { phone: '+86 13800138000', email: 'A@b.cn' }).map((k) => `${k.connectionId}:${k.externalId}`)).toEqual(['@phone:13800138000', '@email:a@b.cn']);
    expect(candidateFactKeys('t', { employeeNumber: ' E-7 ' }).map((k) => k.connectionId)).toEqual(['@employee']);
    expect(candidateFactKeys('t', {})).toEqual([]);
  });
});
