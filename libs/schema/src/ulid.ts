import { randomFillSync } from 'node:crypto';
import { encodeTime, factory } from 'ulid';

/** Random bytes drawn in blocks: the `ulid` package's default source asks the OS for one byte per character. */
const pool = Buffer.alloc(4096);
let next = pool.length;

function randomUnit(): number {
  if (next >= pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] / 256;
}

const generate = factory(randomUnit);

/** A new ULID (time-ordered, 26 characters, 80 random bits): the form of every hub id. */
export function newUlid(now: number = Date.now()): string {
  return generate(now);
}

/** The smallest ULID of the millisecond `ms`: every id made earlier sorts before it, every id made then or later not. */
export function ulidFloor(ms: number): string {
  return encodeTime(ms, 10) + '0'.repeat(16);
}
