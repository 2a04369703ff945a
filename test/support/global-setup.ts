// Jest globalSetup of the e2e project (see jest.config.js): refuse to start the e2e suite unless
// MongoDB (FerretDB locally) and Redis are configured and answering. Starting them is the job of
// `npm test` (scripts/test.sh), not of jest.
import mongoose from 'mongoose';
import Redis from 'ioredis';

const HOW_TO =
  'run the tests with `npm test`, which starts FerretDB and Redis ' +
  '(or start them with `bash scripts/services.sh start --profile test` and export the MONGO_URL / REDIS_URL lines it prints).';

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*:)[^@/?#]*@/i, '$1***@');
}

export async function pingMongo(url: string, timeoutMs = 5000): Promise<void> {
  const conn = mongoose.createConnection(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await conn.asPromise();
    const db = conn.db;
    if (!db) throw new Error('connected without a database handle');
    const reply = await db.admin().ping();
    if (reply?.ok !== 1) throw new Error(`unexpected ping reply ${JSON.stringify(reply)}`);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

export async function pingRedis(url: string, timeoutMs = 5000): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err; // ioredis rejects connect() with a bare "Connection is closed."; keep the cause
  });
  try {
    await redis.connect().catch((err: unknown) => {
      throw lastError ?? err;
    });
    const reply = await redis.ping();
    if (reply !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
  } finally {
    redis.disconnect();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export default async function globalSetup(): Promise<void> {
  const mongoUrl = process.env.MONGO_URL;
  const redisUrl = process.env.REDIS_URL;
  const problems: string[] = [];

  if (!mongoUrl) problems.push('MONGO_URL is not set.');
  if (!redisUrl) problems.push('REDIS_URL is not set.');

  const checks: Promise<void>[] = [];
  if (mongoUrl) {
    checks.push(
      pingMongo(mongoUrl).catch((err: unknown) => {
        problems.push(`MongoDB at MONGO_URL=${redactUrl(mongoUrl)} does not answer a ping: ${message(err)}`);
      }),
    );
  }
  if (redisUrl) {
    checks.push(
      pingRedis(redisUrl).catch((err: unknown) => {
        problems.push(`Redis at REDIS_URL=${redactUrl(redisUrl)} does not answer PING: ${message(err)}`);
      }),
    );
  }
  await Promise.all(checks);

  if (problems.length > 0) {
    throw new Error(
      ['The e2e tests need MongoDB (FerretDB) and Redis, but:', ...problems.map((p) => `  - ${p}`), `Please ${HOW_TO}`].join('\n'),
    );
  }
}
