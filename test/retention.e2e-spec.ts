import { RetentionService } from '@hub/pipeline';
import { HubHarness } from './support/hub-harness';

const DAY = 86_400_000;

/** The retention job keeps the inspection collections bounded, and never removes work still to do or the business record. */
describe('retention', () => {
  let h: HubHarness;

  beforeAll(async () => {
    h = await HubHarness.start({ schedules: false, env: { HUB_RETENTION_INBOX_DAYS: '10', HUB_RETENTION_REJECTED_DAYS: '2', HUB_RETENTION_DELIVERY_DAYS: '5' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('deletes old inbox records, refusals, outcomes and finished deliveries; keeps pending work and recent records', async () => {
    const r = h.repos;
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    const inbox = (id: string, status: 'accepted' | 'rejected', days: number) => ({
      _id: id,
      tenantId: 'demo',
      connectionId: 'dingtalk-main',
      dedupKey: `demo|dingtalk-main|${id}`,
      externalEventId: id,
      mode: 'webhook' as const,
      status,
      rawBody: '{}',
      receivedAt: ago(days),
      ...(status === 'rejected' ? { rejection: { reason: 'bad_signature', message: 'x', httpStatus: 401 } } : {}),
    });
    await r.inbox.model.insertMany([inbox('old', 'accepted', 20), inbox('old-pending', 'accepted', 20), inbox('recent', 'accepted', 1), inbox('old-refused', 'rejected', 3), inbox('new-refused', 'rejected', 1)]);
    await r.pending.add({ _id: 'old-pending', tenantId: 'demo', connectionId: 'dingtalk-main', mode: 'webhook', receivedAt: ago(20) });
    await r.outcomes.model.insertMany([
      { _id: 'old', tenantId: 'demo', status: 'processed', at: ago(20) },
      { _id: 'recent', tenantId: 'demo', status: 'processed', at: ago(1) },
    ]);
    const delivery = (id: string, status: string, days: number) => ({ _id: id, tenantId: 'demo', cancellationId: 'c-1', target: { kind: 'subscription', id: 's', connector: 'webhook' }, effect: 'deliverEvent', repeat: 'keyed', params: '{}', status, attempts: 1, generation: 0, history: [], createdAt: ago(days), updatedAt: ago(days) });
    await r.deliveries.model.insertMany([delivery('d-old', 'delivered', 6), delivery('d-old-queued', 'queued', 6), delivery('d-new', 'delivered', 1)]);
    await r.attempts.begin('d-old', 0);
    await r.attempts.begin('d-new', 0);

    const report = await h.hub.app.get(RetentionService).run();
    expect(report).toEqual({ inbox: 1, rejected: 1, outcomes: 1, deliveries: 1 });
    expect((await r.inbox.model.find({}, { _id: 1 }).lean()).map((x) => x._id).sort()).toEqual(['new-refused', 'old-pending', 'recent']);
    expect((await r.outcomes.model.find({}, { _id: 1 }).lean()).map((x) => x._id)).toEqual(['recent']);
    expect((await r.deliveries.model.find({}, { _id: 1 }).lean()).map((x) => x._id).sort()).toEqual(['d-new', 'd-old-queued']);
    expect((await r.attempts.model.find({}, { deliveryId: 1 }).lean()).map((x) => x.deliveryId)).toEqual(['d-new']);
    expect(await r.pending.find('old-pending')).not.toBeNull();
  });
});
