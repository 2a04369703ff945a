import { configCopy, keepConnections } from './support/config-copy';
import { call, HubHarness } from './support/hub-harness';

const ACME_KEY = 'acme-api-key-0000000042';

/** No tenant can see or change another's data: every /v1 read and write is scoped by the API key's tenant. */
describe('tenant isolation', () => {
  let h: HubHarness;
  let demoCancellation: string;

  beforeAll(async () => {
    const dir = configCopy((tenant) => keepConnections(tenant, ['dingtalk-main']), { 'acme.yaml': `id: acme\napiKeys: [{ name: acme-ops, key: ${ACME_KEY} }]\nconnections: []\n` });
    h = await HubHarness.start({ schedules: false, configDir: dir });
    const created = await h.api('POST', '/v1/cancellations', {
      interview: { connectionId: 'dingtalk-main', externalId: 'iv-demo-1001' },
      candidate: { externalId: 'cand-zhangwei', name: '张伟' },
      reason: { code: 'operator_error', detail: 'duplicate_booking' },
      initiatedBy: { type: 'system' },
    });
    demoCancellation = created.body.id;
    await h.api('POST', '/v1/subscriptions', { url: 'http://127.0.0.1:9/never' });
    await h.settled(demoCancellation);
  });

  afterAll(async () => {
    await h?.close();
  });

  const asAcme = (method: string, path: string, body?: unknown) => call<any>(`${h.hub.url}${path}`, method, body, { authorization: `Bearer ${ACME_KEY}` });

  it("hides the other tenant's cancellations, inbox and subscriptions", async () => {
    expect((await asAcme('GET', '/v1/cancellations')).body.items).toEqual([]);
    expect((await asAcme('GET', `/v1/cancellations/${demoCancellation}`)).status).toBe(404);
    expect((await asAcme('GET', '/v1/inbox')).body.items).toEqual([]);
    expect((await asAcme('GET', '/v1/subscriptions')).body.items).toEqual([]);
    const demoInbox = (await h.api('GET', '/v1/inbox')).body.items[0].id;
    expect((await asAcme('GET', `/v1/inbox/${demoInbox}`)).status).toBe(404);
  });

  it("refuses to change the other tenant's data", async () => {
    expect((await asAcme('POST', `/v1/cancellations/${demoCancellation}/replay`)).status).toBe(404);
    const demoSub = (await h.api('GET', '/v1/subscriptions')).body.items[0].id;
    expect((await asAcme('DELETE', `/v1/subscriptions/${demoSub}`)).status).toBe(404);
    expect((await h.api('GET', '/v1/subscriptions')).body.items[0].active).toBe(true);
    const cancel = await asAcme('POST', '/v1/cancellations', {
      interview: { connectionId: 'dingtalk-main', externalId: 'iv-demo-1002' },
      candidate: { name: '李娜' },
      reason: { code: 'other' },
      initiatedBy: { type: 'system' },
    });
    expect(cancel.status).toBe(400);
    expect(cancel.body.message).toMatch(/not a connection of tenant acme/);
  });

  it("neither shows nor links the other tenant's candidates", async () => {
    const candidate = (await h.api('GET', `/v1/cancellations/${demoCancellation}`)).body.event.candidate.hubId;
    expect((await h.api('GET', `/v1/candidates/${candidate}/links`)).status).toBe(200);
    expect((await asAcme('GET', `/v1/candidates/${candidate}`)).status).toBe(404);
    expect((await asAcme('GET', `/v1/candidates/${candidate}/links`)).status).toBe(404);
    const put = await asAcme('PUT', `/v1/candidates/${candidate}/links`, { links: [{ connectionId: 'dingtalk-main', externalId: 'stolen' }] });
    expect(put.status).toBe(404);
    expect((await h.api('GET', `/v1/candidates/${candidate}/links`)).body.links.map((l: { externalId: string }) => l.externalId)).toEqual(['cand-zhangwei']);
  });
});
