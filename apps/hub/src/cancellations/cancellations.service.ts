import { createHash } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { TenantDirectory } from '@hub/config';
import { isoInOffset } from '@hub/mapping';
import { InboxRepository, Repositories, type CancellationRecord, type DeliveryRecord, type SyncStatus } from '@hub/persistence';
import { IdentityService, InboxIntake, type ApiCancellationPayload } from '@hub/pipeline';
import { PipelineQueues } from '@hub/runtime';
import { newUlid, validateCancellationEvent, type CancellationEvent } from '@hub/schema';
import { API_CONNECTION_ID, buildApiCancellationEvent, stableJson } from './cancellation-event.builder';
import type { CreateCancellationDto } from './create-cancellation.dto';

export interface CancellationQuery {
  candidateName?: string;
  from?: Date;
  to?: Date;
  status?: SyncStatus;
  limit: number;
  before?: string;
}

/** The answer to a one-click cancel: the cancellation's id and the inbox record that carries it. */
export interface AcceptedCancellation {
  id: string;
  inboxId: string;
  status: 'accepted';
  /** True when this is the answer to an earlier request with the same Idempotency-Key and body. */
  replayed: boolean;
}

/** The /v1/cancellations use cases: one-click cancel, search, detail with receipts, replay. */
@Injectable()
export class CancellationsService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(InboxIntake) private readonly intake: InboxIntake,
    @Inject(IdentityService) private readonly identity: IdentityService,
    @Inject(PipelineQueues) private readonly queues: PipelineQueues,
  ) {}

  /**
   * Makes the hub the origin of a cancellation. The validated canonical event is stored in the inbox and
   * its ingest queued like any vendor event, before the 202: once answered, the fan-out happens even if
   * this process dies the next instant. An Idempotency-Key is bound to the body: the same key with the same
   * body returns the first answer; with another body it is refused (422).
   */
  async create(tenantId: string, dto: CreateCancellationDto, actor: string, rawBody: string, idempotencyKey?: string): Promise<AcceptedCancellation> {
    const tenant = this.tenants.require(tenantId);
    const ref = dto.interview;
    if (!tenant.connections.some((c) => c.id === ref.connectionId)) {
      throw new BadRequestException(`interview.connectionId "${ref.connectionId}" is not a connection of tenant ${tenantId} (known: ${tenant.connections.map((c) => c.id).join(', ')})`);
    }
    const bodyHash = createHash('sha256').update(stableJson(dto)).digest('hex');
    const externalEventId = idempotencyKey ? `idem:${idempotencyKey}` : undefined;
    if (externalEventId) {
      const earlier = await this.repos.inbox.findByDedupKey(InboxRepository.dedupKey(tenantId, API_CONNECTION_ID, externalEventId));
      if (earlier) return this.answerRepeat(earlier.bodyHash, earlier.payload, earlier._id, bodyHash, idempotencyKey as string);
    }
    const interviewHubId = await this.identity.hubIdOf({ tenantId, connectionId: ref.connectionId, kind: 'interview', externalId: ref.externalId });
    const existing = interviewHubId ? await this.repos.cancellations.findByKey(tenantId, interviewHubId) : null;
    if (existing) throw new ConflictException({ message: `interview ${ref.connectionId}:${ref.externalId} is already cancelled`, cancellationId: existing._id });

    const candidateName = dto.candidate.name ?? (await this.knownCandidateName(tenantId, ref.connectionId, dto.candidate.externalId));
    if (!candidateName) throw new BadRequestException('candidate.name is required: the hub does not know this candidate yet');
    const now = new Date();
    const event = buildApiCancellationEvent(dto, { id: newUlid(), tenantId, receivedAt: now.toISOString(), occurredAt: isoInOffset(now, tenant.timezone), idempotencyKey, candidateName });
    const violations = validateCancellationEvent(event);
    if (violations.length) throw new BadRequestException({ message: 'the cancellation is not valid', violations });

    const payload: ApiCancellationPayload = { event, actor: `api:${actor}` };
    const stored = await this.intake.accept({
      tenantId,
      connectionId: API_CONNECTION_ID,
      connector: API_CONNECTION_ID,
      externalEventId: externalEventId ?? `api:${event.id}`,
      kind: 'interview.cancel',
      mode: 'api',
      rawBody,
      bodyHash,
      payload: JSON.stringify(payload),
      receivedAt: now,
    });
    if (stored.duplicate) {
      // A concurrent request with the same Idempotency-Key got there first.
      const earlier = await this.repos.inbox.findByDedupKey(stored.dedupKey);
      if (!earlier) throw new Error(`inbox record ${stored.dedupKey} vanished`);
      return this.answerRepeat(earlier.bodyHash, earlier.payload, earlier._id, bodyHash, idempotencyKey as string);
    }
    return { id: event.id, inboxId: stored.inboxId, status: 'accepted', replayed: false };
  }

  private answerRepeat(earlierHash: string | undefined, earlierPayload: string | undefined, inboxId: string, bodyHash: string, key: string): AcceptedCancellation {
    if (earlierHash !== bodyHash) {
      throw new UnprocessableEntityException(`Idempotency-Key "${key}" was already used with a different request body; use a new key for a different request`);
    }
    const { event } = JSON.parse(earlierPayload ?? '{}') as ApiCancellationPayload;
    return { id: event.id, inboxId, status: 'accepted', replayed: true };
  }

  private async knownCandidateName(tenantId: string, connectionId: string, externalId: string | undefined): Promise<string | undefined> {
    if (!externalId) return undefined;
    const hubId = await this.identity.hubIdOf({ tenantId, connectionId, kind: 'candidate', externalId });
    return hubId ? (await this.repos.candidates.findById(tenantId, hubId))?.name : undefined;
  }

  async list(tenantId: string, q: CancellationQuery) {
    const records = await this.repos.cancellations.list({ tenantId, candidateName: q.candidateName, from: q.from, to: q.to, syncStatus: q.status, limit: q.limit, before: q.before });
    return { items: records.map(summary), next: records.length === q.limit ? records[records.length - 1]._id : null };
  }

  async get(tenantId: string, id: string) {
    const record = await this.mustFind(tenantId, id);
    const [deliveries, archive, audit] = await Promise.all([
      this.repos.deliveries.forCancellation(id),
      this.repos.archive.forCancellation(tenantId, id),
      this.repos.audit.forSubject(tenantId, id),
    ]);
    return {
      ...summary(record),
      event: JSON.parse(record.event) as CancellationEvent,
      deliveries: deliveries.map(deliveryView),
      archive: archive.map((a) => ({ seq: a.seq, kind: a.kind, hash: a.hash, prevHash: a.prevHash, at: a.at, entry: JSON.parse(a.entry) as unknown })),
      audit: audit.map((a) => ({ at: a.at, actor: a.actor, action: a.action, detail: a.detail })),
    };
  }

  /** Sends every `dead` or `uncertain` delivery (or the named ones) again, with a fresh attempt budget. */
  async replay(tenantId: string, id: string, actor: string, only?: string[]): Promise<{ replayed: string[] }> {
    await this.mustFind(tenantId, id);
    const reset = await this.repos.deliveries.resetForReplay(id, ['dead', 'uncertain'], only);
    if (!reset.length) throw new ConflictException('no delivery of this cancellation is dead or uncertain; nothing to replay');
    await this.repos.cancellations.setSyncStatus(id, 'syncing');
    for (const d of reset) await this.queues.sync(d.target.connector, { deliveryId: d._id, generation: d.generation });
    await this.repos.audit.record(tenantId, `api:${actor}`, 'cancellation.replayed', id, reset.map((d) => d._id).join(', '));
    return { replayed: reset.map((d) => d._id) };
  }

  private async mustFind(tenantId: string, id: string): Promise<CancellationRecord> {
    const record = await this.repos.cancellations.findById(tenantId, id);
    if (!record) throw new NotFoundException(`no cancellation ${id} in this tenant`);
    return record;
  }
}

function summary(r: CancellationRecord) {
  return {
    id: r._id,
    candidateName: r.candidateName,
    candidateId: r.candidateHubId,
    position: r.positionTitle,
    reasonCode: r.reasonCode,
    scheduledStart: r.scheduledStart ?? null,
    occurredAt: r.occurredAt,
    origin: r.originConnectionId,
    status: r.syncStatus,
    suppressedDuplicates: r.suppressed,
    createdAt: r.createdAt,
  };
}

function deliveryView(d: DeliveryRecord) {
  return {
    id: d._id,
    target: d.target,
    effect: d.effect,
    repeat: d.repeat,
    status: d.status,
    attempts: d.attempts,
    receipt: d.receipt ?? null,
    skipReason: d.skipReason ?? null,
    awaiting: d.awaiting ?? null,
    uncertain: d.uncertain ?? null,
    lastError: d.lastError ?? null,
    nextAttemptAt: d.nextAttemptAt ?? null,
    history: d.history,
  };
}
