import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Where a queue's depth comes from at scrape time (the process's Bull queues). */
export type QueueDepths = () => Promise<{ queue: string; state: string; jobs: number }[]>;

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The Prometheus series of one hub process (prom-client), served at `GET /metrics`. Labels never carry a
 * tenant, candidate or secret: only routes, connector ids, effect types, statuses and reasons.
 */
export class HubMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({ name: 'hub_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly httpDuration = new Histogram({ name: 'hub_http_request_duration_seconds', help: 'Time to answer an HTTP request', labelNames: ['method', 'route'], buckets: SECONDS, registers: [this.registry] });
  readonly webhookVerifications = new Counter({
    name: 'hub_webhook_verifications_total',
    help: 'Vendor pushes by verification result: accepted, duplicate, handshake, or the reason of the refusal',
    labelNames: ['connector', 'result'],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({ name: 'hub_rate_limited_total', help: 'Requests refused with 429, by the limit that refused them', labelNames: ['scope'], registers: [this.registry] });
  readonly jobWait = new Histogram({ name: 'hub_job_wait_seconds', help: 'Time a job waited in its queue before a worker took it', labelNames: ['queue'], buckets: SECONDS, registers: [this.registry] });
  readonly jobRun = new Histogram({ name: 'hub_job_run_seconds', help: 'Time a worker spent on a job', labelNames: ['queue', 'result'], buckets: SECONDS, registers: [this.registry] });
  readonly deliveries = new Counter({ name: 'hub_deliveries_total', help: 'Deliveries that reached a state, by target connector, effect and status', labelNames: ['connector', 'effect', 'status'], registers: [this.registry] });
  readonly batchSize = new Histogram({
    name: 'hub_batch_effects',
    help: 'Effects carried by one applyBatch call of a connector that batches its writes (e.g. K/3 BatchSave)',
    labelNames: ['connector', 'effect'],
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [this.registry],
  });
  readonly vendorCalls = new Counter({
    name: 'hub_vendor_calls_total',
    help: 'Calls into a connector that reach its vendor (apply, resolve, poll), by result: an outcome, or the error kind',
    labelNames: ['connector', 'operation', 'result'],
    registers: [this.registry],
  });

  constructor(queueDepths?: QueueDepths) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
    if (queueDepths) {
      new Gauge({
        name: 'hub_queue_jobs',
        help: 'Jobs in each Bull queue by state, read when scraped',
        labelNames: ['queue', 'state'],
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const d of await queueDepths().catch(() => [])) this.set({ queue: d.queue, state: d.state }, d.jobs);
        },
      });
    }
  }

  /** Counts a connector call and its result; returns what `call` returned (or throws what it threw). */
  async vendorCall<T>(connector: string, operation: string, call: () => Promise<T>, resultOf: (value: T) => string = () => 'ok'): Promise<T> {
    try {
      const value = await call();
      this.vendorCalls.inc({ connector, operation, result: resultOf(value) });
      return value;
    } catch (e) {
      const kind = (e as { kind?: unknown }).kind;
      this.vendorCalls.inc({ connector, operation, result: typeof kind === 'string' ? kind : 'error' });
      throw e;
    }
  }
}
