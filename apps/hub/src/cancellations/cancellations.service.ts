import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ulid } from 'ulid';
import { TenantDirectory } from '@hub/config';
import { isoInOffset } from '@hub/mapping';
import { Repositories, type CancellationRecord, type DeliveryRecord, type SyncStatus } from '@hub/persistence';
import { validateCancellationEvent, type CancellationEvent, type InitiatorType, type InterviewKind, type NotifyChannel, type ReasonCode } from '@hub/schema';
import { CancellationFanout } from '../../../worker/src/pipeline/cancellation-fanout.service';
import type { CreateCancellationDto } from './create-cancellation.dto';

export const API_CONNECTION_ID = 'api';

export interface CancellationQuery {
  candidateName?: string;
  from?: Date;
  to?: Date;
  status?: SyncStatus;
  limit: number;
  before?: string;
}

/** The /v1/cancellations use cases: one-click cancel, search, detail with receipts, replay. */
@Injectable()
export class CancellationsService {
  constructor(
    @Inject(Repositories) private readonly repos: Repositories,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(CancellationFanout) private readonly fanout: CancellationFanout,
  ) {}

  /**
   * Makes the hub the origin of a cancellation. The request is kept in the inbox like any vendor
   * event; the same Idempotency-Key returns the same cancellation instead of a second one.
   */
  async create(tenantId: string, dto: CreateCancellationDto, actor: string, idempotencyKey?: string): Promise<{ id: string; outcome: string }> {
    const tenant = this.tenants.require(tenantId);
    const ref = dto.interview;
    if (!tenant.connections.some((c) => c.id === ref.connectionId)) {
      throw new BadRequestException(`interview.connectionId "${ref.connectionId}" is not a connection of tenant ${tenantId} (known: ${tenant.connections.map((c) => c.id).join(', ')})`);
    }
    const now = new Date();
    const known = dto.candidate.externalId
      ? await this.repos.candidates.findByRef(tenantId, `${ref.connectionId}:${dto.candidate.externalId}`)
      : null;
    const name = dto.candidate.name ?? known?.name;
    if (!name) throw new BadRequestException('candidate.name is required: the hub does not know this candidate yet');
    const event = {
      schemaVersion: 1,
      id: ulid(),
      tenantId,
      source: { system: 'api', connectionId: API_CONNECTION_ID, mode: 'api', receivedAt: now.toISOString(), ...(idempotencyKey ? { externalEventId: idempotencyKey } : {}) },
      occurredAt: isoInOffset(now, tenant.timezone),
      interview: {
        key: `${ref.connectionId}:${ref.externalId}`,
        externalIds: { [ref.connectionId]: ref.externalId },
        kind: (ref.kind ?? 'ai_cloud') as InterviewKind,
        ...(ref.round ? { round: ref.round } : {}),
        ...(ref.scheduledStart ? { scheduledStart: ref.scheduledStart } : {}),
        ...(ref.scheduledEnd ? { scheduledEnd: ref.scheduledEnd } : {}),
        position: { ...(ref.position?.id ? { id: ref.position.id } : {}), title: ref.position?.title ?? '未知岗位' },
        interviewers: (ref.interviewers ?? []).map((i) => ({
          ...(i.externalId ? { externalIds: { [ref.connectionId]: i.externalId } } : {}),
          ...(i.name ? { name: i.name } : {}),
          ...(i.preferredChannels ? { preferredChannels: i.preferredChannels as NotifyChannel[] } : {}),
        })),
      },
      candidate: {
        externalIds: dto.candidate.externalId ? { [ref.connectionId]: dto.candidate.externalId } : {},
        name,
        ...(dto.candidate.phone ? { phone: dto.candidate.phone } : {}),
        ...(dto.candidate.email ? { email: dto.candidate.email } : {}),
        ...(dto.candidate.preferredChannels ? { preferredChannels: dto.candidate.preferredChannels as NotifyChannel[] } : {}),
      },
      cancellation: {
        reason: {
          code: dto.reason.code as ReasonCode,
          ...(dto.reason.detail ? { detail: dto.reason.detail } : {}),
          ...(dto.reason.text ? { text: dto.reason.text } : {}),
          sourceValue: dto.reason.detail ? `${dto.reason.code}/${dto.reason.detail}` : dto.reason.code,
        },
        initiatedBy: { type: dto.initiatedBy.type as InitiatorType, ...(dto.initiatedBy.id ? { id: dto.initiatedBy.id } : {}), ...(dto.initiatedBy.name ? { name: dto.initiatedBy.name } : {}) },
        ...(dto.batchId ? { batchId: dto.batchId } : {}),
      },
      statusBefore: 'scheduled',
      statusAfter: 'cancelled',
    } satisfies CancellationEvent;
    const violations = validateCancellationEvent(event);
    if (violations.length) throw new BadRequestException({ message: 'the cancellation is not valid', violations });

    const { record: inbox } = await this.repos.inbox.accept({
      tenantId,
      connectionId: API_CONNECTION_ID,
      connector: 'api',
      externalEventId: idempotencyKey ? `idem:${idempotencyKey}` : `api:${event.id}`,
      kind: 'interview.cancel',
      mode: 'api',
      payload: JSON.stringify(dto),
      receivedAt: now,
    });
    const result = await this.fanout.accept(event, inbox._id, `api:${actor}`);
    await this.repos.inbox.markProcessed(inbox._id, result.summary);
    if (result.outcome === 'suppressed') {
      throw new ConflictException({ message: `interview ${ref.connectionId}:${ref.externalId} is already cancelled`, cancellationId: result.cancellationId });
    }
    return { id: result.cancellationId, outcome: result.outcome };
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

  /** Gives every dead delivery a fresh attempt budget and queues it again. */
  async replay(tenantId: string, id: string, actor: string): Promise<{ replayed: string[] }> {
    await this.mustFind(tenantId, id);
    const reset = await this.repos.deliveries.resetDead(id);
    if (!reset.length) throw new ConflictException('no delivery of this cancellation is dead; nothing to replay');
    await this.repos.cancellations.setSyncStatus(id, 'syncing');
    for (const d of reset) await this.fanout.enqueue(d);
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
    status: d.status,
    attempts: d.attempts,
    receipt: d.receipt ?? null,
    skipReason: d.skipReason ?? null,
    lastError: d.lastError ?? null,
    nextAttemptAt: d.nextAttemptAt ?? null,
    history: d.history,
  };
}
