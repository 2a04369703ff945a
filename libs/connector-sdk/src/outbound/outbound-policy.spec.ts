import type { LookupAddress } from 'node:dns';
import { OUTBOUND_URL_CASES, caseResolver } from '../testing/outbound-url-cases';
import { OutboundPolicy } from './outbound-policy';
import { OutboundRefusedError, isOutboundRefusal } from './outbound-refused.error';

function lookupOnce(policy: OutboundPolicy, host: string, options: { all?: boolean; family?: number }): Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve) => policy.lookup(host, options, (err, address, family) => resolve({ err, address, family })));
}

describe('OutboundPolicy', () => {
  const policy = new OutboundPolicy({ resolve: caseResolver });

  it('has a table of at least 40 URLs', () => {
    expect(OUTBOUND_URL_CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(OUTBOUND_URL_CASES.map((c) => [c.url, c.refused] as const))('registration check of %s', async (url, refused) => {
    const outcome = await policy.checkUrl(url).then(
      () => 'accepted',
      (e: unknown) => e,
    );
    if (refused === false) expect(outcome).toBe('accepted');
    else {
      expect(outcome).toBeInstanceOf(OutboundRefusedError);
      expect((outcome as Error).message).toMatch(refused);
    }
  });

  it('allows listed addresses, CIDRs and host names, and nothing next to them', async () => {
    const allowing = new OutboundPolicy({ allow: ['127.0.0.1, 10.1.0.0/16', '', 'vendor.corp.example', '*.onprem.example'], resolve: caseResolver });
    await expect(allowing.checkUrl('http://127.0.0.1:3000/hook')).resolves.toBeInstanceOf(URL);
    await expect(allowing.checkUrl('http://[::ffff:127.0.0.1]/hook')).resolves.toBeInstanceOf(URL);
    await expect(allowing.checkUrl('http://10.1.200.3/hook')).resolves.toBeInstanceOf(URL);
    await expect(allowing.checkUrl('http://vendor.corp.example/hook')).resolves.toBeInstanceOf(URL); // not resolvable here, and not asked
    await expect(allowing.checkUrl('http://erp.onprem.example/hook')).resolves.toBeInstanceOf(URL);
    await expect(allowing.checkUrl('http://127.0.0.2/hook')).rejects.toThrow(/loopback/);
    await expect(allowing.checkUrl('http://10.2.0.1/hook')).rejects.toThrow(/private/);
    await expect(allowing.checkUrl('http://user:pw@127.0.0.1/hook')).rejects.toThrow(/user name or password/);
    expect(allowing.allowList.isEmpty).toBe(false);
  });

  it('refuses an allow-list entry that is neither address, CIDR nor name', () => {
    expect(() => new OutboundPolicy({ allow: ['10.0.0.0/33'] })).toThrow(/entry 0: "10.0.0.0\/33" is neither/);
    expect(() => new OutboundPolicy({ allow: ['ok.example', 'http://x.example/'] })).toThrow(/entry 1/);
  });

  describe('lookup (the agents use it at connect time)', () => {
    it('answers in the shape asked for: one address, or all', async () => {
      expect(await lookupOnce(policy, 'hooks.example.com', {})).toEqual({ err: null, address: '93.184.216.34', family: 4 });
      expect(await lookupOnce(policy, 'hooks.example.com', { all: true })).toEqual({ err: null, address: [{ address: '93.184.216.34', family: 4 }], family: undefined });
    });

    it('refuses when any address is not public, with an error an HTTP client keeps', async () => {
      for (const host of ['mixed.example.com', 'mapped.example.com', 'metadata-alias.example.com']) {
        const { err } = await lookupOnce(policy, host, { all: true });
        expect(err).toBeInstanceOf(OutboundRefusedError);
        expect(isOutboundRefusal({ code: 'x', cause: err })).toBe(true);
      }
    });

    it('checks every answer again (a name rebound to loopback after registration)', async () => {
      let n = 0;
      const rebinding = new OutboundPolicy({ resolve: async () => [{ address: n++ ? '127.0.0.1' : '93.184.216.34', family: 4 }] });
      await expect(rebinding.checkUrl('http://rebind.example/x')).resolves.toBeInstanceOf(URL);
      expect((await lookupOnce(rebinding, 'rebind.example', { all: true })).err).toBeInstanceOf(OutboundRefusedError);
    });

    it('passes resolver failures through (DNS errors stay DNS errors)', async () => {
      expect((await lookupOnce(policy, 'nxdomain.example.com', {})).err).toMatchObject({ code: 'ENOTFOUND' });
    });
  });
});
