import { readFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { freePort, listening, spawnHubProcess, type HubProcess } from './support/child-process';
import { HubHarness } from './support/hub-harness';

/** Resident memory of a process in MB (VmRSS). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** One request; the status, or 0 when the hub closed the connection before answering (an oversized body). */
function send(url: string, method: string, headers: Record<string, string>, body?: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method, agent, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Runs `n` requests over `lanes` concurrent lanes; counts answers by status. */
async function flood(n: number, lanes: number, one: (i: number) => Promise<number>): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < n) {
        const status = await one(next++);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

/**
 * Acceptance (issue 6, abuse limits): 10,000 bad-signature pushes, 10,000 bad-key API calls and ten 16 MiB
 * pushes against a hub process with the default limits: it stays healthy and small, stores a bounded number
 * of refusals, and answers 429 once a limit is passed.
 */
describe('abuse limits', () => {
  let h: HubHarness;
  let hub: HubProcess;
  let url: string;
  let peakRss = 0;
  let sampler: NodeJS.Timeout;

  beforeAll(async () => {
    h = await HubHarness.start({ role: 'worker', schedules: false });
    const port = await freePort();
    hub = spawnHubProcess('hub', { ...h.env(), HUB_ROLE: 'hub', PORT: String(port) });
    url = await listening(hub, port);
    sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(hub.child.pid!))), 50);
  });

  afterAll(async () => {
    clearInterval(sampler);
    agent.destroy();
    hub?.child.kill('SIGTERM');
    await hub?.exited;
    await h?.close();
  });

  it('stays healthy and small under 10,000 bad-signature pushes, 10,000 bad-key calls and 16 MiB bodies', async () => {
    const inboxBefore = await h.repos.inbox.model.countDocuments();
    const started = Date.now();
    const push = Buffer.from(JSON.stringify({ encrypt: 'A'.repeat(400) }));
    const [pushes, calls, huge] = await Promise.all([
      flood(10_000, 16, (i) => send(`${url}/webhooks/demo/dingtalk-main?signature=${'f'.repeat(40)}&timestamp=${Date.now()}&nonce=n${i}`, 'POST', { 'content-type': 'application/json' }, push)),
      flood(10_000, 16, (i) => send(`${url}/v1/cancellations`, 'GET', { authorization: `Bearer bad-key-${i}` })),
      flood(10, 10, () => send(`${url}/webhooks/demo/dingtalk-main`, 'POST', { 'content-type': 'application/json' }, Buffer.alloc(16 * 1024 * 1024, 0x41))),
    ]);
    const minutes = Math.floor(Date.now() / 60_000) - Math.floor(started / 60_000) + 1;

    // Refused, never 5xx; limited once past the limit (2,000 pushes per source address per 10 s; 60 keyless calls).
    expect([...pushes.keys()].sort()).toEqual([401, 429]);
    expect(pushes.get(429)).toBeGreaterThan(0);
    expect([...calls.keys()].sort()).toEqual([401, 429]);
    expect(calls.get(429)).toBeGreaterThan(5_000);
    expect([...huge.keys()].every((s) => s === 413 || s === 429 || s === 0)).toBe(true);

    // Still healthy, and it never held much: the 16 MiB bodies were cut at the 1 MiB limit.
    expect((await fetch(`${url}/health`)).status).toBe(200);
    peakRss = Math.max(peakRss, rssMb(hub.child.pid!));
    expect(peakRss).toBeLessThan(300);

    // Bounded storage: at most 30 refusals per kind (tenant, connection, reason) and minute were kept in full.
    const kept = (await h.repos.inbox.model.countDocuments()) - inboxBefore;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(30 * 2 * minutes);
  });

  it('answers 429 with Retry-After and the error shape', async () => {
    // At most 60 keyless calls per 10-s window pass: within 121 calls one is refused, wherever the windows fall.
    let res = await fetch(`${url}/v1/cancellations`, { headers: { authorization: 'Bearer still-a-bad-key' } });
    for (let i = 0; i < 121 && res.status !== 429; i++) {
      expect(res.status).toBe(401);
      await res.arrayBuffer();
      res = await fetch(`${url}/v1/cancellations`, { headers: { authorization: 'Bearer still-a-bad-key' } });
    }
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(await res.json()).toMatchObject({ error: 'rate_limited', details: { scope: 'api_unauthenticated_source_ip', max: 60, windowSeconds: 10 } });
  });
});
