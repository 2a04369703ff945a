import { Inject, Injectable } from '@nestjs/common';
import { JsonLogger } from '@hub/config';
import { Repositories, awaitedLinkKey, type LinkKey, type LinkSource } from '@hub/persistence';
import { PipelineQueues, RedisLocks, type Lease } from '@hub/runtime';
import { newUlid, type CancellationEvent } from '@hub/schema';
import { LruCache } from '../support/lru-cache';
import { FACT_EMAIL, FACT_EMPLOYEE, FACT_PHONE, candidateFactKeys } from './identity-facts';
import { IdentityMerges } from './identity-merges.service';

const CACHE_SIZE = 200_000;
/** Resolutions of several keys at once take the tenant's identity lock for at most this long (renewed while held). */
const IDENTITY_LOCK_TTL_MS = 5_000;
/** How long a resolution waits for the identity lock before its job fails and is retried. */
const IDENTITY_LOCK_WAIT_MS = 10_000;

/** The connection whose ids an event carries where it names no connection (`initiatedBy.id`, `position.id`): the one of `interview.key`. */
export function homeConnection(event: CancellationEvent): string {
  const at = event.interview.key.indexOf(':');
  return at > 0 ? event.interview.key.slice(0, at) : event.source.connectionId;
}

/** A link made by this process: the vendor id (or fact) and the hub id it now belongs to. */
export type MadeLink = LinkKey & { hubId: string };

export interface LinkConflict {
  key: LinkKey;
  hubId: string;
  otherHubId: string;
}

/**
 * The cross-system identity: gives every candidate, interview, interviewer, recruiter and position of an
 * event one hub id by claiming the vendor ids (and the candidate's phone, email, employee number) in the
 * link store, and tells each target its own ids. Every claim is a unique-key insert, so one key can never
 * belong to two entities. A group of keys (a candidate known by an id and a phone) is resolved under the
 * tenant's identity lock, so two resolutions sharing any key see each other's links and never split one
 * person. Links never change once made, so lookups are cached in-process.
 */
@Injectable()
export class IdentityService {
  private readonly forward = new LruCache<string, string>(CACHE_SIZE);
  private readonly reverse = new LruCache<string, string>(CACHE_SIZE);

  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
    @Inject(RedisLocks) private readonly locks: RedisLocks,
    @Inject(IdentityMerges) private readonly merges: IdentityMerges,
    @Inject(JsonLogger) private readonly log: JsonLogger,
  ) {}

  /** The event with the hub id of everything it names, and the links this call created. */
  async resolveOrigin(event: CancellationEvent): Promise<{ event: CancellationEvent; created: MadeLink[] }> {
    const tenantId = event.tenantId;
    const home = homeConnection(event);
    const created: MadeLink[] = [];
    const key = (connectionId: string, kind: string, externalId: string): LinkKey => ({ tenantId, connectionId, kind, externalId });
    const refs = (kind: string, ids: Record<string, string> | undefined) => Object.entries(ids ?? {}).map(([conn, ext]) => key(conn, kind, ext));

    const c = event.candidate;
    const candidateHubId = await this.claimGroup([...candidateFactKeys(tenantId, c), ...refs('candidate', c.externalIds)], 'origin', created);
    const interviewHubId = await this.claimGroup(refs('interview', event.interview.externalIds), 'origin', created);
    const position = event.interview.position;
    const positionHubId = position.id ? await this.claimGroup([key(home, 'position', position.id)], 'origin', created) : undefined;
    const interviewers = [];
    for (const i of event.interview.interviewers) {
      const keys = refs('interviewer', i.externalIds);
      interviewers.push(keys.length ? { ...i, hubId: await this.claimGroup(keys, 'origin', created) } : i);
    }
    const by = event.cancellation.initiatedBy;
    const recruiterHubId = by.id ? await this.claimGroup([key(home, 'recruiter', by.id)], 'origin', created) : undefined;
    // A source that names the candidate only by its own id (DingTalk's interview query) still reaches targets that find
    // people by phone or email: the hub adds what it knows of the person (identity config, earlier events).
    const known = c.phone || c.email ? {} : await this.factsOf(tenantId, candidateHubId);

    return {
      created,
      event: {
        ...event,
        candidate: { ...c, hubId: candidateHubId, ...(!c.phone && known.phone ? { phone: known.phone } : {}), ...(!c.email && known.email ? { email: known.email } : {}) },
        interview: {
          ...event.interview,
          hubId: interviewHubId,
          position: { ...(positionHubId ? { hubId: positionHubId } : {}), ...position },
          interviewers,
        },
        cancellation: { ...event.cancellation, initiatedBy: { ...by, ...(recruiterHubId ? { hubId: recruiterHubId } : {}) } },
      },
    };
  }

  /**
   * Claims `keys` for one entity: its hub id is that of the first key already linked, else a new one. When
   * every key is linked to one entity already (the common case: a known person) nothing is written; otherwise
   * the claims run under the tenant's identity lock, so concurrent resolutions see each other's links. A key
   * found linked to another entity means the two are one: they are merged (IdentityMerges) and the survivor's
   * id is returned, so one person never ends up as two.
   */
  async claimGroup(keys: LinkKey[], source: LinkSource, created: MadeLink[] = []): Promise<string> {
    if (!keys.length) return newUlid();
    if (keys.length === 1) return this.claimOne(keys[0], source, created);
    const linked = await Promise.all(keys.map((k) => this.hubIdOf(k)));
    if (linked[0] && linked.every((h) => h === linked[0])) return linked[0];
    const { tenantId, kind } = keys[0];
    const lease = await this.identityLock(tenantId);
    try {
      let hubId = (await this.firstLinked(keys)) ?? newUlid();
      for (const k of keys) {
        const claim = await this.repos.links.claim(k, hubId, source);
        if (claim.created) {
          created.push({ ...k, hubId });
          this.forward.set(forwardCacheKey(k), claim.hubId);
          continue;
        }
        const other = await this.merges.canonical(tenantId, kind, claim.hubId, true);
        if (other !== hubId) hubId = await this.merges.merge(tenantId, kind, hubId, other, `${k.connectionId}:${k.externalId} is both`);
      }
      return await this.merges.canonical(tenantId, kind, hubId, true);
    } finally {
      await lease.release();
    }
  }

  /**
   * A single key needs no lock: its unique insert decides which entity it belongs to (a group claimed under the
   * lock that meets it merges with that entity). Insert first: most single keys are new (an interview, a
   * candidate seen for the first time); a known one costs a failed insert and a read, once per process.
   */
  private async claimOne(k: LinkKey, source: LinkSource, created: MadeLink[]): Promise<string> {
    const cached = this.forward.get(forwardCacheKey(k));
    if (cached) return this.merges.canonical(k.tenantId, k.kind, cached);
    const claim = await this.repos.links.claim(k, newUlid(), source);
    this.forward.set(forwardCacheKey(k), claim.hubId);
    if (!claim.created) return this.merges.canonical(k.tenantId, k.kind, claim.hubId);
    created.push({ ...k, hubId: claim.hubId });
    return claim.hubId;
  }

  private async identityLock(tenantId: string): Promise<Lease> {
    const deadline = Date.now() + IDENTITY_LOCK_WAIT_MS;
    for (let wait = 2; ; wait = Math.min(50, wait * 2)) {
      const lease = await this.locks.acquire(`identity/${tenantId}`, IDENTITY_LOCK_TTL_MS);
      if (lease) return lease;
      if (Date.now() > deadline) throw new Error(`the identity lock of tenant ${tenantId} stayed taken for ${IDENTITY_LOCK_WAIT_MS} ms`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private async firstLinked(keys: LinkKey[]): Promise<string | undefined> {
    for (const k of keys) {
      const hubId = await this.hubIdOf(k);
      if (hubId) return hubId;
    }
    return undefined;
  }

  /** The hub id a vendor id (or fact) belongs to now (merges followed). */
  async hubIdOf(k: LinkKey): Promise<string | undefined> {
    const ck = forwardCacheKey(k);
    let hubId = this.forward.get(ck);
    if (!hubId) {
      hubId = (await this.repos.links.find(k))?.hubId;
      if (!hubId) return undefined;
      this.forward.set(ck, hubId);
    }
    return this.merges.canonical(k.tenantId, k.kind, hubId);
  }

  /** The id an entity is known by now (see IdentityMerges); `fresh` skips the short-lived "not merged" cache. */
  canonical(tenantId: string, kind: string, hubId: string, fresh = false): Promise<string> {
    return this.merges.canonical(tenantId, kind, hubId, fresh);
  }

  /** The identity facts (phone, email, employee number) a candidate is known by, e.g. to look them up in a target. */
  async factsOf(tenantId: string, hubId: string): Promise<{ phone?: string; email?: string; employeeNumber?: string }> {
    const facts: { phone?: string; email?: string; employeeNumber?: string } = {};
    for (const l of await this.repos.links.forHubId(tenantId, 'candidate', hubId)) {
      if (l.dir !== 'f') continue;
      if (l.connectionId === FACT_PHONE) facts.phone ??= l.externalId;
      else if (l.connectionId === FACT_EMAIL) facts.email ??= l.externalId;
      else if (l.connectionId === FACT_EMPLOYEE) facts.employeeNumber ??= l.externalId;
    }
    return facts;
  }

  /** A hub entity's id in one connection. */
  async externalIdOf(tenantId: string, kind: string, hubId: string, connectionId: string): Promise<string | undefined> {
    const ck = `${tenantId}|${kind}|${hubId}|${connectionId}`;
    const cached = this.reverse.get(ck);
    if (cached) return cached;
    const ext = await this.repos.links.externalIdOf(tenantId, kind, hubId, connectionId);
    if (ext) this.reverse.set(ck, ext);
    return ext;
  }

  /**
   * Links `externalId` of `connectionId` to an existing hub entity (from a receipt, a resolve, the API or the
   * config). Returns the conflict when that id already belongs to another entity. Deliveries waiting for the
   * link are woken.
   */
  async link(k: LinkKey, hubId: string, source: LinkSource): Promise<LinkConflict | undefined> {
    const claim = await this.repos.links.claim(k, hubId, source);
    if (claim.hubId !== hubId) return { key: k, hubId, otherHubId: claim.hubId };
    this.forward.set(forwardCacheKey(k), hubId);
    this.reverse.delete(`${k.tenantId}|${k.kind}|${hubId}|${k.connectionId}`);
    if (claim.created) await this.wake([{ ...k, hubId }]);
    return undefined;
  }

  /** Requeues the deliveries parked until one of these links existed. */
  async wake(links: MadeLink[]): Promise<number> {
    const awaited = links.filter((k) => !k.connectionId.startsWith('@')).map((k) => awaitedLinkKey(k.tenantId, k.connectionId, k.kind, k.hubId));
    if (!awaited.length) return 0;
    const waiting = await this.repos.awaiting.model.find({ key: { $in: awaited } }).lean();
    const woken = new Set<string>();
    for (const w of waiting) {
      if (woken.has(w.deliveryId)) continue;
      woken.add(w.deliveryId);
      await this.repos.awaiting.removeDelivery(w.deliveryId);
      await this.queues.requeueSync(w.connector, { deliveryId: w.deliveryId, generation: w.generation }).catch((e: Error) => {
        this.log.event('warn', 'identity.wake_failed', { deliveryId: w.deliveryId, error: e.message }); // the sweeper retries parked deliveries
      });
    }
    if (woken.size) this.log.event('info', 'identity.woke', { deliveries: [...woken] });
    return woken.size;
  }
}

function forwardCacheKey(k: LinkKey): string {
  return `${k.tenantId}|${k.connectionId}|${k.kind}|${k.externalId}`;
}
