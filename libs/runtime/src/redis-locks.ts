import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A held lock; renewed while held, so a long holder keeps it and a dead one loses it within the TTL. */
export interface Lease {
  release(): Promise<void>;
}

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/**
 * Named locks in Redis (SET NX PX with a random token), shared by every hub process: used where one
 * thing at a time must run across workers (one poll per connection, one sweep). The holder renews it
 * every third of the TTL; a holder that dies loses it when the TTL runs out.
 */
export class RedisLocks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * Takes the lock unless another holder has it. `onLost` is called (once) when a renewal finds the lock gone or
   * taken by another holder (it expired while Redis was away, say): the holder must stop at once.
   */
  async acquire(name: string, ttlMs: number, onLost?: () => void): Promise<Lease | undefined> {
    const key = `${this.prefix}:lock:${name}`;
    const token = randomBytes(12).toString('hex');
    if ((await this.redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
    const renewOnce = async () => {
      const kept = await this.redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => undefined);
      if (kept === 0 && onLost) {
        clearInterval(renew);
        onLost();
      }
    };
    const renew = setInterval(() => void renewOnce(), Math.max(100, Math.floor(ttlMs / 3)));
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      },
    };
  }
}
