import { call, HubHarness } from './support/hub-harness';
import { TestSubscriber } from './support/subscriber';
import { waitFor } from './support/wait-for';

const TOKEN = 'metrics-token-for-tests-0001';

/** The value of one series (`name{label="v",…}`) in Prometheus text; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/**
 * Acceptance (issue 6, observable): after a demo cancellation (DingTalk sandbox push → poll → subscriber),
 * GET /metrics exposes requests by route and status, webhook verifications, queue depths and job latencies,
 * deliveries by connector/effect/status, vendor calls by result and rate-limit hits, to the metrics token only.
 */
describe('GET /metrics', () => {
  let h: HubHarness;
  const subscriber = new TestSubscriber();

  beforeAll(async () => {
    h = await HubHarness.start({ env: { HUB_METRICS_TOKEN: TOKEN, HUB_LIMIT_API_UNAUTHENTICATED_PER_IP: '2' } });
    await subscriber.start();
    subscriber.secret = (await h.subscribe(subscriber.url)).secret;
  });

  afterAll(async () => {
    await h?.close();
    await subscriber.close();
  });

  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => call<string>(`${h.hub.url}/metrics`, 'GET', undefined, headers);

  it('is refused without the token, also from loopback, in the error shape', async () => {
    const res = await scrape({});
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthorized', message: expect.stringMatching(/metrics token/) });
    expect((await scrape({ authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('exposes every series after a demo cancellation', async () => {
    await h.sandboxCall('POST', '/_sandbox/dingtalk/interviews/iv-demo-1001/cancel', { reason: '时间冲突' });
    await waitFor('the subscriber to receive the cancellation', () => subscriber.received.length > 0);
    await h.idle();
    for (let i = 0; i < 3; i++) await call(`${h.hub.url}/v1/cancellations`, 'GET', undefined, { authorization: 'Bearer not-a-key' });

    const res = await scrape();
    expect(res.status).toBe(200);
    const text = res.body;
    expect(sample(text, 'hub_http_requests_total', { method: 'POST', route: '/webhooks/:tenantId/:connectionId', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_http_requests_total', { method: 'GET', route: '/v1/cancellations', status: '401' })).toBe(2);
    expect(sample(text, 'hub_http_request_duration_seconds_count', { method: 'POST', route: '/webhooks/:tenantId/:connectionId' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_webhook_verifications_total', { connector: 'dingtalk', result: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_queue_jobs', { queue: 'ingest', state: 'waiting' })).toBe(0);
    expect(sample(text, 'hub_queue_jobs', { queue: 'sync-webhook', state: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_job_wait_seconds_count', { queue: 'ingest' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_job_run_seconds_count', { queue: 'poll', result: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_deliveries_total', { connector: 'webhook', effect: 'deliverEvent', status: 'delivered' })).toBe(1);
    expect(sample(text, 'hub_vendor_calls_total', { connector: 'dingtalk', operation: 'poll', result: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'hub_vendor_calls_total', { connector: 'webhook', operation: 'apply', result: 'applied' })).toBe(1);
    expect(sample(text, 'hub_rate_limited_total', { scope: 'api_unauthenticated_source_ip' })).toBe(1);
    expect(text).toMatch(/^hub_process_resident_memory_bytes \d+/m);
    // No tenant, candidate or secret in any label.
    expect(text).not.toMatch(/demo|王芳|whsec_|not-a-key/);
  });
});
