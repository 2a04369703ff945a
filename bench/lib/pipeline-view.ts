import Bull, { type Queue } from 'bull';
import Redis from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { ConnectorRegistry } from '@hub/connectors';
import { IN_FLIGHT_DELIVERY_STATUSES, InboxOutcomeRepository, InboxPendingRepository, ingestBacklog } from '@hub/persistence';
import { INGEST_QUEUE, POLL_QUEUE, syncQueueName } from '@hub/queue';
import { QUEUE_PREFIX, log } from './bench-params';

/**
 * The bench's own view of the hub's state, as an operator would read it: its own MongoDB connection and
 * Bull queue handles with the hub's prefix (it adds no processor, so it never takes a job). Used for idle
 * detection, collection sizes and Bull's job bookkeeping; the hub processes are never asked.
 */
export class PipelineView {
  private constructor(
    readonly db: Connection,
    private readonly queues: Map<string, Queue>,
  ) {}

  static async connect(mongoUrl: string, redisUrl: string): Promise<PipelineView> {
    const db = mongoose.createConnection(mongoUrl, { serverSelectionTimeoutMS: 10_000, autoIndex: false, autoCreate: false });
    await db.asPromise();
    const names = [INGEST_QUEUE, POLL_QUEUE, ...ConnectorRegistry.fromRegistered().ids().map(syncQueueName)];
    return new PipelineView(db, new Map(names.map((n) => [n, new Bull(n, redisUrl, { prefix: QUEUE_PREFIX })])));
  }

  collection(name: string) {
    const db = this.db.db;
    if (!db) throw new Error('MongoDB is not connected');
    return db.collection(name);
  }

  queue(name: string): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`no queue ${name}`);
    return q;
  }

  /**
   * Work the pipeline still has (as test/support/pipeline-idle.ts counts it): jobs to run, inbox records not
   * ingested, deliveries in flight. MongoDB is asked only once Redis holds no job (cheap equality counts),
   * so that waiting for a quiet pipeline loads the database as little as possible.
   */
  async backlog(): Promise<{ jobs: number; pending: number; deliveries: number }> {
    let jobs = 0;
    for (const q of this.queues.values()) {
      const c = await q.getJobCounts();
      const delayed = c.delayed ? (await q.getDelayed(0, 10_000)).filter((j) => j && !j.opts.repeat).length : 0;
      jobs += c.waiting + c.active + delayed;
    }
    if (jobs > 0) return { jobs, pending: NaN, deliveries: NaN };
    const pending = await this.unsettledInbox();
    let deliveries = 0;
    for (const status of IN_FLIGHT_DELIVERY_STATUSES) deliveries += await this.collection('deliveries').countDocuments({ status });
    return { jobs, pending, deliveries };
  }

  /** Accepted inbox records without an outcome yet (the hub's own definition: ingest-backlog.ts). */
  async unsettledInbox(): Promise<number> {
    this.inboxStores ??= [new InboxPendingRepository(this.db), new InboxOutcomeRepository(this.db)];
    return (await ingestBacklog(...this.inboxStores)).unsettled.length;
  }

  private inboxStores?: [InboxPendingRepository, InboxOutcomeRepository];

  /**
   * Commands the database server has run since it started, by name (serverStatus `metrics.commands`, which
   * FerretDB and MongoDB both report), and Redis's (INFO commandstats, as `redis:<command>`). The bench's own
   * reads are among them; it makes none while it measures ingest.
   */
  async commandCounts(): Promise<Record<string, number> | undefined> {
    const status = (await this.db.db?.admin().command({ serverStatus: 1 })) as { metrics?: { commands?: Record<string, { total?: number | { toNumber(): number } }> } } | undefined;
    const commands = status?.metrics?.commands;
    if (!commands) return undefined;
    const out: Record<string, number> = {};
    for (const [name, c] of Object.entries(commands)) {
      if (c && typeof c === 'object' && 'total' in c && c.total !== undefined) out[name] = Number(c.total);
    }
    // Redis: INFO commandstats, as "redis:<command>".
    const info = await this.queue(INGEST_QUEUE).client.info('commandstats');
    for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[`redis:${m[1]}`] = Number(m[2]);
    return out;
  }

  /** Documents per collection. */
  async sizes(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const name of ['inbox', 'inbox_outcomes', 'inbox_pending', 'inbox_repeats', 'cancellations', 'deliveries', 'delivery_attempts', 'archive', 'audit']) {
      out[name] = await this.collection(name).countDocuments({});
    }
    out['deliveries in flight'] = await this.collection('deliveries').countDocuments({ status: { $in: IN_FLIGHT_DELIVERY_STATUSES } });
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    await this.db.close();
  }
}

/**
 * Starts from empty state even when the services were reused: drops the bench database (the one in
 * MONGO_URL, which scripts/bench.sh gives the bench alone) and the bench's Redis keys.
 */
export async function wipe(mongoUrl: string, redisUrl: string): Promise<void> {
  const dbName = /^mongodb(?:\+srv)?:\/\/[^/?]+\/([^?]*)/.exec(mongoUrl)?.[1] ?? '';
  if (!dbName.includes('bench')) throw new Error(`refusing to wipe database "${dbName}" of MONGO_URL: the bench only drops a database whose name contains "bench" (scripts/bench.sh uses hrhub_bench)`);
  const db = mongoose.createConnection(mongoUrl, { serverSelectionTimeoutMS: 10_000, autoIndex: false, autoCreate: false });
  await db.asPromise();
  await db.dropDatabase();
  await db.close();
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  let removed = 0;
  for (let i = 0; i < 100_000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) removed += await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  redis.disconnect();
  log(`wiped database ${dbName} and ${removed} Redis keys under ${QUEUE_PREFIX}:`);
}
