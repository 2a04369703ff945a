import { call, HubHarness } from './support/hub-harness';

describe('operations endpoints', () => {
  let h: HubHarness;

  beforeAll(async () => {
    h = await HubHarness.start({ schedules: false });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('/health checks MongoDB and Redis; /health/live answers without them', async () => {
    const health = await call<any>(`${h.hub.url}/health`, 'GET', undefined, {});
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', checks: { mongo: { ok: true }, redis: { ok: true } } });
    expect((await call<any>(`${h.hub.url}/health/live`, 'GET', undefined, {})).body).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document and its UI at /docs', async () => {
    const ui = await fetch(`${h.hub.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    const spec = await call<any>(`${h.hub.url}/docs-json`, 'GET', undefined, {});
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/webhooks/{tenantId}/{connectionId}', '/v1/cancellations', '/v1/cancellations/{id}', '/v1/cancellations/{id}/replay', '/v1/subscriptions', '/health']),
    );
    expect(spec.body.components.schemas.CreateCancellationDto.required).toEqual(expect.arrayContaining(['interview', 'candidate', 'reason', 'initiatedBy']));
  });

  it('answers malformed and oversized API bodies with a clear 400 / 413', async () => {
    const bad = await h.api('POST', '/v1/subscriptions', '{"url": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/not valid JSON/);
    const big = await h.api('POST', '/v1/subscriptions', JSON.stringify({ url: 'http://x.example', description: 'x'.repeat(1_100_000) }));
    expect(big.status).toBe(413);
  });
});
