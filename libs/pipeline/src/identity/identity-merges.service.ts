import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger } from '@hub/config';
import { Repositories } from '@hub/persistence';
import { LruCache } from '../support/lru-cache';

/** The pseudo-connection of merge links: `(tenant, @merged, kind, loser hub id) → winner hub id`. */
export const MERGED = '@merged';
const MAX_HOPS = 20;
/**
 * How long "not merged" is believed without asking again. A stale answer is harmless: resolution then finds the
 * merge when it claims (and merges again, which is a no-op), and writes canonicalize right before writing.
 */
const NOT_MERGED_TTL_MS = 30_000;

/**
 * When one event shows that two entities the hub holds are one (a candidate known to one system by id and to
 * another by phone, then reported with both), they are merged: the younger hub id (larger ULID) is linked to
 * the older, which stays the entity's id. Merges are insert-only links, so every reader can follow them
 * (`canonical`); the loser's ids in other systems and its talent-pool record are carried over to the winner.
 */
@Injectable()
export class IdentityMerges {
  private readonly merged = new LruCache<string, string>(100_000);
  private readonly notMerged = new LruCache<string, number>(100_000);

  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  /** The id an entity is known by now: `hubId`, or what it was merged into (followed to the end). */
  async canonical(tenantId: string, kind: string, hubId: string, fresh = false): Promise<string> {
    let current = hubId;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const ck = `${tenantId}|${kind}|${current}`;
      if (!fresh && (this.notMerged.get(ck) ?? 0) > Date.now()) return current;
      const next = this.merged.get(ck) ?? (await this.repos.links.find({ tenantId, kind, connectionId: MERGED, externalId: current }))?.hubId;
      if (!next) {
        this.notMerged.set(ck, Date.now() + NOT_MERGED_TTL_MS);
        return current;
      }
      this.merged.set(ck, next);
      current = next;
    }
    throw new Error(`merge chain of ${kind} ${hubId} is longer than ${MAX_HOPS}`);
  }

  /** Merges the entities `a` and `b` (canonical ids) into the older one; returns the survivor. */
  async merge(tenantId: string, kind: string, a: string, b: string, why: string): Promise<string> {
    let winner = a < b ? a : b;
    let loser = a < b ? b : a;
    for (let hop = 0; hop < MAX_HOPS && winner !== loser; hop++) {
      const claim = await this.repos.links.claim({ tenantId, kind, connectionId: MERGED, externalId: loser }, winner, 'origin');
      if (claim.hubId === winner) {
        this.notMerged.delete(`${tenantId}|${kind}|${loser}`);
        await this.carryOver(tenantId, kind, loser, winner);
        this.log.event('info', 'identity.merged', { tenantId, kind, loser, winner });
        await this.repos.audit.record(tenantId, 'identity', 'identity.merged', winner, `${kind} ${loser} is the same as ${winner}: ${why}`);
        return winner;
      }
      // `loser` was merged elsewhere meanwhile: merge that survivor and `winner` instead.
      const [x, y] = [await this.canonical(tenantId, kind, claim.hubId, true), await this.canonical(tenantId, kind, winner, true)];
      winner = x < y ? x : y;
      loser = x < y ? y : x;
    }
    return winner;
  }

  /** The loser's ids in each system become the winner's where it has none; a candidate's talent-pool record moves too. */
  private async carryOver(tenantId: string, kind: string, loser: string, winner: string): Promise<void> {
    for (const l of await this.repos.links.forHubId(tenantId, kind, loser)) {
      if (l.dir === 'r') await this.repos.links.claimReverse({ tenantId, kind, connectionId: l.connectionId, externalId: l.externalId }, winner, l.source);
    }
    if (kind === 'candidate') await this.repos.candidates.mergeInto(tenantId, loser, winner);
  }
}
