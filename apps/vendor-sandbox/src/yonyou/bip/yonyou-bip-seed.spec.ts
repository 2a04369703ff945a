import { join } from 'node:path';
import { createSandboxApp } from '../../sandbox.app';
import { loadSeedFile } from '../../sandbox-options';
import { aesKeyFromSecret, checkApprovers, checkTenant, toCandidate } from './yonyou-bip-seed';
import { formatVendorTime, parseVendorTime, seedTimeToMs } from './yonyou-bip-time';

describe('YonBIP simulator seed', () => {
  it('derives the push AES key from the app secret as corp-demo PrivateAppCrypto does', () => {
    expect(aesKeyFromSecret('a1b2-c3d4')).toBe(`a1b2c3d4${'0'.repeat(35)}`);
    expect(aesKeyFromSecret('x'.repeat(50))).toBe('x'.repeat(43));
  });

  it('fills the push defaults from the app: secret, derived key, appKey (or suiteKey) as owner, reply either', () => {
    const tenant = checkTenant({ tenantId: 't', appKey: 'k', appSecret: 's-1', push: { url: 'http://hub/x' } }, 'tenants[0]');
    expect(tenant.push).toEqual({ url: 'http://hub/x', secret: 's-1', aesKey: `s1${'0'.repeat(41)}`, ownerKey: 'k', reply: 'either', onCancel: false, cancelEventType: 'STAFF_UPDATE' });
    expect(checkTenant({ tenantId: 't', appKey: 'k', appSecret: 's', suiteKey: 'suite', push: { url: 'u' } }, 'x').push?.ownerKey).toBe('suite');
    expect(() => checkTenant({ tenantId: 't', appKey: 'k', appSecret: 's', push: { url: 'u', aesKey: 'short' } }, 'tenants[0]')).toThrow(/tenants\[0\]\.push\.aesKey/);
  });

  it('needs approvers for every level from 1 up, once each', () => {
    expect(checkApprovers([{ level: 2, id: 'b', name: 'B' }, { level: 1, id: 'a', name: 'A' }]).map((a) => a.id)).toEqual(['a', 'b']);
    expect(() => checkApprovers([{ level: 2, id: 'b', name: 'B' }])).toThrow(/levels 1\.\.n/);
  });

  it('names the tenant of a candidate when there are several, and reads its times on the tenant clock', () => {
    const tenants = [checkTenant({ tenantId: 'a', appKey: 'ka', appSecret: 's' }, 'a'), checkTenant({ tenantId: 'b', appKey: 'kb', appSecret: 's', timezone: '+00:00' }, 'b')];
    expect(() => toCandidate({ id: 'c', name: 'n', mobile: '1' }, tenants, 0, 'candidates[0]')).toThrow(/needs a tenantId/);
    const c = toCandidate({ id: 'c', tenantId: 'b', name: 'n', mobile: '1', modifiedAt: '2030-01-10 09:00:00' }, tenants, 0, 'candidates[0]');
    expect(c.modifiedAt).toBe(Date.UTC(2030, 0, 10, 9));
    expect(formatVendorTime(Date.UTC(2030, 0, 10, 1), '+08:00')).toBe('2030-01-10 09:00:00');
    expect(parseVendorTime('2030-01-10 09:00:00', '+08:00')).toBe(Date.UTC(2030, 0, 10, 1));
    expect(seedTimeToMs({ dayOffset: 1, time: '10:00' }, '+08:00', Date.UTC(2030, 0, 10, 20), 'x')).toBe(Date.UTC(2030, 0, 12, 2));
  });

  it('boots with the example seed (apps/vendor-sandbox/seed/yonyou-bip.example.json)', async () => {
    const sandbox = await createSandboxApp({ port: 0, seed: loadSeedFile(join(__dirname, '../../../seed/yonyou-bip.example.json')) });
    try {
      const state = (await (await fetch(`${sandbox.url}/_sandbox/yonyou/bip/state`)).json()) as { candidates: Array<{ name: string; mobile: string }>; tenants: Array<{ push: { aesKey: string } }> };
      expect(state.candidates.map((c) => [c.name, c.mobile])).toEqual([
        ['张伟', '13800138001'],
        ['李娜', '13900139002'],
        ['王芳', '13700137003'],
      ]);
      expect(state.tenants[0].push.aesKey).toBe('bipdemoappsecret000100000000000000000000000');
    } finally {
      await sandbox.close();
    }
  });
});
