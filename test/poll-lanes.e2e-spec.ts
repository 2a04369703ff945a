import { configCopy } from './support/config-copy';
import { HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

/**
 * A scheduled sweep over many tracked candidates is slow on purpose (paced under DingTalk's limits); a push
 * must not wait for it. The sweep and push-triggered polls of one connection run in separate lanes.
 */
describe('DingTalk polls: a long sweep does not hold up a push', () => {
  const slow = Array.from({ length: 10 }, (_, i) => `cand-slow-${i}`); // unknown to DingTalk: one query each, 404
  let h: HubHarness;
  const subscriber = new TestSubscriber();

  beforeAll(async () => {
    const configDir = configCopy((tenant) => {
      const settings = tenant.connections[0].settings;
      settings.trackedCandidateIds = [...settings.trackedCandidateIds, ...slow];
      settings.sweepCallsPerSecond = 1;
    });
    h = await HubHarness.start({ configDir, env: { HUB_POLL_INTERVAL_SECONDS: '3600' } });
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
  });

  afterAll(async () => {
    await h?.close();
    await subscriber.close();
  });

  const sweptSlow = async (): Promise<number> => {
    const queries: Array<{ body: { candidateId?: string } }> = await h.sandboxCall('GET', '/_sandbox/dingtalk/records?api=QueryInterviews');
    return new Set(queries.map((q) => q.body.candidateId).filter((id) => id && slow.includes(id))).size;
  };

  it('delivers a pushed cancellation while the sweep is still running, and the sweep then finishes', async () => {
    await h.queues.poll({ tenantId: 'demo', connectionId: 'dingtalk-main', scope: 'sweep', subjects: [] }, 'test-sweep');
    await waitFor('the sweep to start querying the tracked candidates', async () => (await sweptSlow()) > 0);

    const cancel = await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1001/cancel', { pushCount: 1 });
    expect(cancel.pushes[0]).toMatchObject({ httpStatus: 200, replyValid: true });
    await waitFor('the subscriber to receive the cancellation', () => subscriber.received.length > 0);
    // At one call a second the sweep needs 10+ s for its candidates; the pushed cancellation did not wait for it.
    expect(await sweptSlow()).toBeLessThan(slow.length);

    await waitFor('the sweep to finish', async () => (await h.repos.pollState.get('demo', 'dingtalk-main', 'sweep')).lastPolledAt !== undefined, 60_000);
    expect(await sweptSlow()).toBe(slow.length);
    await h.idle();
    expect(subscriber.received.map((r) => r.event.source.externalEventId)).toEqual(['interview:iv-demo-1001:cancelled']);
    const lanes = await Promise.all((['changes', 'sweep'] as const).map((lane) => h.repos.pollState.get('demo', 'dingtalk-main', lane)));
    expect(lanes.map((s) => [s._id, typeof s.cursor, s.lastError])).toEqual([
      ['demo|dingtalk-main', 'string', undefined],
      ['demo|dingtalk-main|sweep', 'string', undefined],
    ]);
  });
});
