import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';

/**
 * Acceptance (issue 6, item 5): a subscriber answering 410 Gone is disabled with an audit entry; one failing
 * without a success for `subscriptions.disableAfterFailingHours` is disabled too; a success stops the failure
 * clock; `POST /v1/subscriptions/{id}/enable` turns a disabled one back on. (HUB_DELIVERY_ATTEMPTS=4 in tests.)
 */
describe('subscription hygiene', () => {
  let h: HubHarness;
  const gone = new TestSubscriber();
  const failing = new TestSubscriber();
  const flaky = new TestSubscriber();
  const subs: Record<string, string> = {};
  let interview = 1000;

  beforeAll(async () => {
    h = await HubHarness.start({ schedules: false, env: { HUB_SUBSCRIPTION_DISABLE_AFTER_FAILING_HOURS: '1' } });
    for (const [name, s] of [['gone', gone], ['failing', failing], ['flaky', flaky]] as const) {
      await s.start();
      const res = await h.subscribe(s.url);
      s.secret = res.secret;
      subs[name] = res.id;
    }
  });

  afterAll(async () => {
    await h?.close();
    for (const s of [gone, failing, flaky]) await s.close();
  });

  /** One cancellation, settled; its delivery to each subscription by name (undefined when none was planned). */
  async function cancelAndSettle(): Promise<Record<string, any>> {
    const created = await h.api('POST', '/v1/cancellations', {
      interview: { connectionId: 'dingtalk-main', externalId: `iv-demo-${++interview}`, position: { title: '销售经理' }, interviewers: [{ externalId: 'mgr-liuyang' }] },
      candidate: { externalId: 'cand-zhangwei', name: '张伟', email: 'zhang.wei@example.com' },
      reason: { code: 'position_changed', detail: 'hiring_paused' },
      initiatedBy: { type: 'system' },
    });
    expect(created.status).toBe(202);
    const detail = await h.settled(created.body.id);
    return Object.fromEntries(Object.entries(subs).map(([name, id]) => [name, detail.deliveries.find((d: { target: { id: string } }) => d.target.id === id)]));
  }

  const subscription = async (name: string) => (await h.api('GET', `/v1/subscriptions/${subs[name]}`)).body;

  it('disables a subscriber that answers 410 Gone, says so, and enables it again through the API', async () => {
    gone.fallbackStatus = 410;
    failing.fallbackStatus = 503;
    flaky.script = [503];

    const first = await cancelAndSettle();
    expect(first.gone).toMatchObject({ status: 'dead', attempts: 1, lastError: { kind: 'PERMANENT' } });
    expect(gone.received).toHaveLength(1);
    const disabled = await subscription('gone');
    expect(disabled).toMatchObject({ active: false, disabledReason: 'gone', disabledAt: expect.any(String) });
    expect(disabled.audit.map((a: { action: string }) => a.action)).toEqual(['subscription.created', 'subscription.disabled']);
    expect(disabled.audit[1].detail).toMatch(/410 Gone.*\/enable/);
    expect((await h.api('GET', '/v1/subscriptions')).body.items.find((s: { id: string }) => s.id === subs.gone)).toMatchObject({ active: false, disabledReason: 'gone' });

    // the failing one started its clock; the flaky one failed once, then succeeded, which stopped it
    expect(first.failing).toMatchObject({ status: 'dead', attempts: 4 });
    expect((await h.repos.subscriptions.find('demo', subs.failing))?.failingSince).toBeInstanceOf(Date);
    expect(first.flaky).toMatchObject({ status: 'delivered', attempts: 2 });
    expect((await h.repos.subscriptions.find('demo', subs.flaky))?.failingSince).toBeUndefined();

    const second = await cancelAndSettle();
    expect(second.gone).toBeUndefined(); // a disabled subscription gets no deliveries
    expect(gone.received).toHaveLength(1);

    gone.fallbackStatus = 200;
    const enabled = await h.api('POST', `/v1/subscriptions/${subs.gone}/enable`);
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ id: subs.gone, active: true, disabledReason: null, disabledAt: null });
    expect((await subscription('gone')).audit.map((a: { action: string }) => a.action)).toContain('subscription.enabled');
    const third = await cancelAndSettle();
    expect(third.gone).toMatchObject({ status: 'delivered' });
    expect(gone.acceptedIds()).toEqual([third.gone.id]);
  });

  it('disables a subscription that has failed without a success for disableAfterFailingHours', async () => {
    await h.repos.subscriptions.model.updateOne({ _id: subs.failing }, { $set: { failingSince: new Date(Date.now() - 2 * 3_600_000) } }); // its clock started 2 h ago
    const before = failing.received.length;
    const next = await cancelAndSettle();
    expect(failing.received.length - before).toBe(1); // disabled after this failure: its retry finds the subscription disabled
    expect(next.failing).toMatchObject({ status: 'dead', lastError: { kind: 'PERMANENT', message: expect.stringMatching(/is disabled \(failing\).*\/enable/) } });
    const sub = await subscription('failing');
    expect(sub).toMatchObject({ active: false, disabledReason: 'failing' });
    expect(sub.audit.find((a: { action: string }) => a.action === 'subscription.disabled').detail).toMatch(/^failing: its deliveries have failed without a success since/);
  });

  it('enables only what the hub disabled: a deleted subscription stays deleted', async () => {
    expect((await h.api('DELETE', `/v1/subscriptions/${subs.flaky}`)).status).toBe(204);
    expect((await subscription('flaky')).disabledReason).toBe('deleted');
    const res = await h.api('POST', `/v1/subscriptions/${subs.flaky}/enable`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/was deleted; register the URL again/);
    expect((await h.api('POST', '/v1/subscriptions/sub_nope/enable')).status).toBe(404);
  });
});
