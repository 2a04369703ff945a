import { Inject, Injectable } from '@nestjs/common';
import { isConnectorError, type Connection, type Connector, type LinkKind, type ResolvedLink, type ResolveHints } from '@hub/connector-sdk';
import { JsonLogger } from '@hub/config';
import { HubMetrics } from '@hub/runtime';
import type { CancellationEvent, Person } from '@hub/schema';
import { IdentityService, homeConnection, type MadeLink } from './identity.service';

/** An event as one target sees it, and what of it is still unknown there. */
export interface TargetView {
  /** The canonical event with the target connection's own id added to every `externalIds` the hub knows. */
  event: CancellationEvent;
  /** hub id → the target's id, for the people named in effect parameters (candidate, interviewers, recruiter). */
  peopleIds: Map<string, string>;
  /** Required kinds whose target id is not known, even after asking the target. */
  missing: LinkKind[];
  /** Links this call found through the target's `resolve` (already stored). */
  learned: MadeLink[];
}

/**
 * Gives a target its own ids: from the link store, and for what an effect requires or uses but the store
 * lacks, from the target connector's `resolve` (the candidate by phone or email, then the interview by that
 * candidate and time). What resolve finds is linked, so the next effect finds it in the store. Lookups of one thing
 * in one connection that run at once in this process (the effects of one cancellation to one target start together)
 * share one vendor call.
 */
@Injectable()
export class TargetViewService {
  private readonly lookups = new Map<string, Promise<ResolvedLink | undefined>>();

  constructor(
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(JsonLogger) private readonly log: JsonLogger,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
  ) {}

  /** `required`: kinds the effect cannot do without (reported `missing`); `wanted`: kinds also worth asking the target for. */
  async build(event: CancellationEvent, conn: Connection, connector: Connector, required: LinkKind[], wanted: LinkKind[] = []): Promise<TargetView> {
    const tenantId = event.tenantId;
    const home = homeConnection(event);
    const learned: MadeLink[] = [];
    const known = (kind: LinkKind, hubId: string | undefined, own: string | undefined) =>
      own ? Promise.resolve(own) : hubId ? this.identity.externalIdOf(tenantId, kind, hubId, conn.id) : Promise.resolve(undefined);
    const ask = async (kind: LinkKind, hubId: string | undefined, hints: () => Promise<ResolveHints>): Promise<string | undefined> => {
      if (!hubId || !(required.includes(kind) || wanted.includes(kind)) || !connector.resolve || !connector.capabilities.resolves?.includes(kind)) return undefined;
      let found;
      try {
        found = await this.shared(`${tenantId}|${conn.id}|${kind}|${hubId}`, async () => {
          const given = await hints();
          return this.metrics.vendorCall(connector.id, 'resolve', () => connector.resolve!(kind, given, conn), (r) => (r ? 'found' : 'not_found'));
        });
      } catch (e) {
        if (isConnectorError(e) && e.kind === 'NOT_FOUND') return undefined;
        throw e;
      }
      if (!found) return undefined;
      const key = { tenantId, connectionId: conn.id, kind, externalId: found.externalId };
      const conflict = await this.identity.link(key, hubId, 'resolve');
      if (conflict) this.log.event('warn', 'identity.resolve_conflict', { tenantId, connectionId: conn.id, kind, hubId, otherHubId: conflict.otherHubId });
      else learned.push({ ...key, hubId });
      for (const r of found.related ?? []) {
        const relatedHub = r.kind === 'position' ? event.interview.position.hubId : undefined;
        if (relatedHub && !(await this.identity.link({ tenantId, connectionId: conn.id, kind: r.kind, externalId: r.externalId }, relatedHub, 'resolve'))) {
          learned.push({ tenantId, connectionId: conn.id, kind: r.kind, externalId: r.externalId, hubId: relatedHub });
        }
      }
      return found.externalId;
    };

    const c = event.candidate;
    const iv = event.interview;
    const candidateFacts = async (): Promise<ResolveHints> => ({ name: c.name, ...(c.hubId ? await this.identity.factsOf(tenantId, c.hubId) : {}), ...(c.phone ? { phone: c.phone } : {}), ...(c.email ? { email: c.email } : {}) });
    const candidateId = (await known('candidate', c.hubId, c.externalIds[conn.id])) ?? (await ask('candidate', c.hubId, candidateFacts));
    const interviewId =
      (await known('interview', iv.hubId, iv.externalIds[conn.id])) ??
      (candidateId ? await ask('interview', iv.hubId, async () => ({ candidateId, scheduledStart: iv.scheduledStart, scheduledEnd: iv.scheduledEnd, positionTitle: iv.position.title })) : undefined);
    const positionId = home === conn.id ? iv.position.id : await known('position', iv.position.hubId, undefined);
    const peopleIds = new Map<string, string>();
    const person = async <P extends Person>(p: P, kind: LinkKind): Promise<P> => {
      const id = await known(kind, p.hubId, p.externalIds?.[conn.id]);
      if (id && p.hubId) peopleIds.set(p.hubId, id);
      return id ? { ...p, externalIds: { ...p.externalIds, [conn.id]: id } } : p;
    };
    const interviewers = await Promise.all(iv.interviewers.map((i) => person(i, 'interviewer')));
    const by = event.cancellation.initiatedBy;
    const recruiterId = home === conn.id ? by.id : await known('recruiter', by.hubId, undefined);
    if (recruiterId && by.hubId) peopleIds.set(by.hubId, recruiterId);
    if (candidateId && c.hubId) peopleIds.set(c.hubId, candidateId);

    const { id: _originPositionId, ...positionRest } = iv.position;
    const { id: _originRecruiterId, ...byRest } = by;
    const view: CancellationEvent = {
      ...event,
      candidate: { ...c, externalIds: { ...c.externalIds, ...(candidateId ? { [conn.id]: candidateId } : {}) } },
      interview: {
        ...iv,
        externalIds: { ...iv.externalIds, ...(interviewId ? { [conn.id]: interviewId } : {}) },
        position: { ...positionRest, ...(positionId ? { id: positionId } : {}) },
        interviewers,
      },
      cancellation: { ...event.cancellation, initiatedBy: { ...byRest, ...(recruiterId ? { id: recruiterId } : {}) } },
    };
    const have: Partial<Record<LinkKind, string | undefined>> = { candidate: candidateId, interview: interviewId, position: positionId, recruiter: recruiterId };
    const missing = required.filter((k) => (k === 'interviewer' ? !interviewers.some((i) => i.externalIds?.[conn.id]) : !have[k]));
    return { event: view, peopleIds, missing, learned };
  }

  /** One lookup per key at a time: a caller arriving while it runs gets its answer. */
  private shared(key: string, lookup: () => Promise<ResolvedLink | undefined>): Promise<ResolvedLink | undefined> {
    let pending = this.lookups.get(key);
    if (!pending) {
      pending = lookup().finally(() => this.lookups.delete(key));
      this.lookups.set(key, pending);
    }
    return pending;
  }
}
