// Helpers for e2e tests that use the MongoDB (FerretDB) and Redis started by `npm test`.
// Every test file gets its own database (testMongoUrl) so files never see each other's data;
// Redis is shared, so give each file its own key prefix (Bull `prefix`) and clean it with flushRedisPrefix.
import { createHash } from 'crypto';
import * as path from 'path';
import Redis from 'ioredis';

const RUN_WITH_NPM_TEST = 'run the tests with `npm test`, which starts FerretDB and Redis';

function requireEnv(name: 'MONGO_URL' | 'REDIS_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: ${RUN_WITH_NPM_TEST}`);
  return value;
}

// mongodb://[user:pass@]host1[:port][,host2...][/db][?options] (host lists never contain '/').
const MONGO_URL_RE = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/;

function splitMongoUrl(url: string): { prefix: string; db: string; query: string } {
  const m = MONGO_URL_RE.exec(url);
  if (!m) throw new Error('MONGO_URL is not a mongodb:// or mongodb+srv:// URL');
  return { prefix: m[1], db: decodeURIComponent((m[2] ?? '').replace(/^\//, '')), query: m[3] ?? '' };
}

/** The current jest test file, if called from inside one. */
function currentTestPath(): string | undefined {
  const e = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect;
  return e?.getState?.().testPath ?? undefined;
}

/**
 * The database name for this test file: `<MONGO_URL db>_<file slug>_<hash>`, at most 63 characters
 * of [a-z0-9_] (FerretDB accepts ^[a-zA-Z0-9_-]{1,63}$). `suffix` overrides the file-derived part,
 * for tests that need several databases.
 */
export function testDbName(suffix?: string): string {
  const base = (splitMongoUrl(requireEnv('MONGO_URL')).db || 'hrhub_test').replace(/[^A-Za-z0-9_]/g, '_');
  let source = suffix;
  if (source === undefined) {
    const testPath = currentTestPath();
    if (!testPath) throw new Error('testMongoUrl() without a suffix must be called from inside a jest test file');
    source = path.relative(path.resolve(__dirname, '..', '..'), testPath);
  }
  const slug = path
    .basename(source)
    .replace(/\.(e2e-spec|spec|test)\.[cm]?[jt]s$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 6);
  const room = 63 - base.length - hash.length - 2;
  if (room < 1) return `${base.slice(0, 63 - hash.length - 1)}_${hash}`;
  const part = slug.slice(0, room).replace(/_+$/, '');
  return part ? `${base}_${part}_${hash}` : `${base}_${hash}`;
}

/** MONGO_URL with the database replaced by this test file's own database (see testDbName). */
export function testMongoUrl(suffix?: string): string {
  const { prefix, query } = splitMongoUrl(requireEnv('MONGO_URL'));
  return `${prefix}/${testDbName(suffix)}${query}`;
}

/** REDIS_URL, or a clear error telling how to run the tests. */
export function testRedisUrl(): string {
  return requireEnv('REDIS_URL');
}

/** Escape a literal string for a Redis glob pattern (SCAN MATCH). */
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\^]/g, (c) => `\\${c}`);
}

/**
 * Delete every key of REDIS_URL that starts with `prefix` (e.g. a Bull prefix `test-foo` removes
 * `test-foo:*`). Returns the number of keys removed. An empty prefix is refused.
 */
export async function flushRedisPrefix(prefix: string): Promise<number> {
  if (!prefix) throw new Error('flushRedisPrefix: refusing an empty prefix (that would flush everything)');
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) removed += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
