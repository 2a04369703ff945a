import type { ResolveHost } from '@hub/connector-sdk';
import { CASE_DNS, OUTBOUND_URL_CASES, caseResolver } from '../libs/connector-sdk/src/testing/outbound-url-cases';
import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';

/**
 * Acceptance (issue 6, item 1): with the allow-list empty, as in production, a subscriber URL on a non-public
 * address is refused at registration with a 400 naming why, and a name that turns private after registration
 * (DNS rebinding) is refused at connect time. A loopback listener counts that no request ever reached it.
 */
describe('outbound guard for subscriber URLs', () => {
  let h: HubHarness;
  const listener = new TestSubscriber(); // on 127.0.0.1: every request it receives is a request to a refused address
  const rebindLookups: string[] = [];

  // No real DNS: the table's names, plus one that answers public once (registration) and loopback afterwards.
  const resolver: ResolveHost = async (hostname) => {
    if (hostname === 'rebind.example.com') {
      rebindLookups.push(hostname);
      return [{ address: rebindLookups.length === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    }
    return caseResolver(hostname);
  };

  beforeAll(async () => {
    h = await HubHarness.start({ schedules: false, env: { HUB_OUTBOUND_ALLOW: '' }, outboundResolver: resolver });
    await listener.start();
  });

  afterAll(async () => {
    await h?.close();
    await listener.close();
  });

  it.each(OUTBOUND_URL_CASES.map((c) => [c.url, c.refused] as const))('registration of %s', async (url, refused) => {
    const res = await h.api('POST', '/v1/subscriptions', { url });
    if (refused === false) {
      expect(res.status).toBe(201);
      expect((await h.api('DELETE', `/v1/subscriptions/${res.body.id}`)).status).toBe(204); // nothing to deliver to the (offline) internet
    } else {
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^url is refused: /);
      expect(res.body.message).toMatch(refused);
    }
  });

  it("refuses the loopback listener's own address however it is written", async () => {
    const port = new URL(listener.url).port;
    for (const host of ['127.0.0.1', '0x7f000001', '2130706433', '017700000001', '[::ffff:127.0.0.1]', '[::1]', 'localhost', 'internal.example.com']) {
      const res = await h.api('POST', '/v1/subscriptions', { url: `http://${host}:${port}/hooks` });
      expect({ host, status: res.status }).toEqual({ host, status: 400 });
    }
    expect(CASE_DNS['internal.example.com'][0].address).toBe('10.0.0.7');
  });

  it('refuses at connect time a name that resolved public at registration and loopback at delivery (DNS rebinding)', async () => {
    const url = `http://rebind.example.com:${new URL(listener.url).port}/hooks`;
    const sub = await h.api('POST', '/v1/subscriptions', { url });
    expect(sub.status).toBe(201);
    expect(rebindLookups).toHaveLength(1);

    const created = await h.api('POST', '/v1/cancellations', {
      interview: { connectionId: 'dingtalk-main', externalId: 'iv-demo-1001', position: { title: '销售经理' }, interviewers: [{ externalId: 'mgr-liuyang' }] },
      candidate: { externalId: 'cand-zhangwei', name: '张伟', email: 'zhang.wei@example.com' },
      reason: { code: 'position_changed', detail: 'hiring_paused' },
      initiatedBy: { type: 'system' },
    });
    expect(created.status).toBe(202);
    const detail = await h.settled(created.body.id);
    const delivery = detail.deliveries.find((d: { target: { id: string } }) => d.target.id === sub.body.id);
    expect(delivery).toMatchObject({ status: 'dead', attempts: 1, lastError: { kind: 'PERMANENT' } });
    expect(delivery.lastError.message).toBe("POST http://rebind.example.com:" + new URL(listener.url).port + "/hooks: the address is not allowed by the hub's outbound policy");
    // What the tenant sees of the subscriber's delivery (DingTalk's own deliveries fail too here: the sandbox is on
    // loopback, which this test does not allow; their base URL is operator config, named in their errors).
    const seen = JSON.stringify([delivery, detail.audit.filter((a: { detail: string }) => a.detail.includes(sub.body.id))]);
    expect(seen).not.toMatch(/ECONNREFUSED|hang up|127\.0\.0\.1/);
    expect(rebindLookups.length).toBeGreaterThanOrEqual(2); // the connect-time lookup was asked, and refused
    expect(listener.received).toHaveLength(0);
  });
});
