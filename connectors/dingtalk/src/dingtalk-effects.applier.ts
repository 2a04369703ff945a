import { ConnectorError, isConnectorError, type Connection, type Effect, type NotifyRecipient, type Receipt } from '@hub/connector-sdk';
import type { CancellationEvent } from '@hub/schema';
import type { DingTalkApiClient } from './dingtalk-api.client';
import { buildArchiveBody, planNotifications, statusValue, type DingTalkTarget } from './dingtalk-effect.builders';
import { interviewAt } from './dingtalk-resolver';
import { resolveSettings, type DingTalkSettings } from './dingtalk-settings';

const DAY_MS = 86_400_000;

/** Effects DingTalk has no documented API for, with the reason shown to operators. */
export const DINGTALK_UNSUPPORTED_EFFECTS = {
  tagTalentPool: 'DingTalk 智能招聘 documents no talent tag API (neither the ATS SDK nor the doc mirror has one)',
  moveToTalentPool: 'DingTalk 智能招聘 documents no talent-pool API (neither the ATS SDK nor the doc mirror has one)',
  deliverEvent: 'deliverEvent is the generic webhook target effect; DingTalk has no endpoint that accepts a hub event',
} as const;

function joinRefs(refs: (string | undefined)[]): string | undefined {
  const present = refs.filter((r): r is string => !!r);
  return present.length ? present.join(',') : undefined;
}

/**
 * Applies hub effects to DingTalk through the documented writes: delivery status, the AI interview
 * assistant sync (archive) and work notifications. None of these APIs has an idempotency field; see README.
 */
export class DingTalkEffectApplier {
  constructor(
    private readonly client: DingTalkApiClient,
    private readonly now: () => number = Date.now,
  ) {}

  async apply(effect: Effect, conn: Connection): Promise<Receipt> {
    const settings = resolveSettings(conn);
    switch (effect.type) {
      case 'candidateStatus':
        return this.candidateStatus(effect, conn, settings);
      case 'archiveInterview':
        return this.archive(effect, conn, settings);
      case 'notify':
        return this.notify(effect, conn, settings, false);
      case 'followUpReminder':
        return this.notify(effect, conn, settings, true);
      default:
        throw new ConnectorError('PERMANENT', `effect ${effect.type} is not supported by DingTalk: ${DINGTALK_UNSUPPORTED_EFFECTS[effect.type]}`);
    }
  }

  /**
   * Finds the DingTalk candidate and, through the interview query, the DingTalk interview of this
   * cancellation (by id when the identity map knows it, else by start time).
   */
  async resolveTarget(event: CancellationEvent, conn: Connection, settings: DingTalkSettings): Promise<DingTalkTarget> {
    const candidateId = event.candidate.externalIds[conn.id];
    if (!candidateId) return {};
    const start = event.interview.scheduledStart ? Date.parse(event.interview.scheduledStart) : NaN;
    const now = this.now();
    // The poll window, widened to a day around the event's start when it lies outside.
    const from = Math.min(now - settings.pollLookbackDays * DAY_MS, Number.isNaN(start) ? Infinity : start - DAY_MS);
    const to = Math.max(now + settings.pollHorizonDays * DAY_MS, Number.isNaN(start) ? -Infinity : start + DAY_MS);
    try {
      const interviews = await this.client.queryInterviews(conn, candidateId, from, to);
      const knownId = event.interview.externalIds[conn.id];
      const interview = (knownId ? interviews.find((i) => i.interviewId === knownId) : undefined) ?? interviewAt(interviews, event.interview.scheduledStart);
      return { candidateId, interview };
    } catch (e) {
      if (isConnectorError(e) && e.kind === 'NOT_FOUND') return { candidateId };
      throw e;
    }
  }

  private async candidateStatus(effect: Effect, conn: Connection, settings: DingTalkSettings): Promise<Receipt> {
    const status = statusValue(effect.params.status);
    const target = await this.resolveTarget(effect.event, conn, settings);
    if (!target.candidateId) {
      throw new ConnectorError('INVALID', `candidate ${effect.event.candidate.hubId ?? effect.event.candidate.name} has no DingTalk candidateId for connection ${conn.id}`);
    }
    const jobId = target.interview?.jobId;
    if (!jobId) throw new ConnectorError('INVALID', `no DingTalk interview (and so no jobId) found for candidate ${target.candidateId}`);
    const result = await this.client.updateDeliveryStatus(conn, {
      jobId,
      deliverUserId: target.candidateId,
      // Required by the SDK model; meaning UNCONFIRMED. The hub's stable interview key identifies the
      // delivery on our side and is the same on every retry.
      channelOuterId: effect.event.interview.key,
      status,
      opTime: this.now(),
      ...(settings.opUserId ? { opUserId: settings.opUserId } : {}),
    });
    return { outcome: 'applied', externalRef: result.requestId, detail: `deliveryStatus ${status} for candidate ${target.candidateId}, job ${jobId}` };
  }

  private async archive(effect: Effect, conn: Connection, settings: DingTalkSettings): Promise<Receipt> {
    const target = await this.resolveTarget(effect.event, conn, settings);
    const body = buildArchiveBody(effect.event, conn.id, target, { isvId: settings.isvId, variant: settings.archiveListVariant });
    const result = await this.client.syncInterviewInfo(conn, body);
    return { outcome: 'applied', externalRef: result.requestId, detail: `interview ${String(body.interviewId)} synced to the AI interview assistant as cancelled` };
  }

  private async notify(effect: Effect, conn: Connection, settings: DingTalkSettings, recruiterOnly: boolean): Promise<Receipt> {
    const all = effect.params.recipients ?? [];
    const recipients = recruiterOnly ? all.filter((r) => r.role === 'recruiter') : await this.withInterviewers(all, effect, conn, settings);
    const plan = planNotifications(recipients);
    const unreachable = plan.unreachable.map((u) => `${u.who}: ${u.why}`).join('; ');
    if (!plan.batches.length) {
      return { outcome: 'not_applicable', detail: recipients.length ? `nobody here is reachable by DingTalk (${unreachable})` : recruiterOnly ? 'no recruiter to remind' : 'nobody to notify' };
    }
    const agentId = Number(settings.agentId);
    if (!settings.agentId || !Number.isSafeInteger(agentId)) {
      throw new ConnectorError('INVALID', `connection ${conn.id} has no numeric settings.agentId for work notifications`);
    }
    const taskIds: (string | undefined)[] = [];
    for (const batch of plan.batches) {
      const result = await this.client.sendWorkNotification(conn, { agentId, userIds: batch.userIds, content: batch.content });
      taskIds.push(result.taskId ?? result.requestId);
    }
    const sentTo = [...new Set(plan.batches.flatMap((b) => b.userIds))];
    const detail = `work notification sent to ${sentTo.join(',')} in ${plan.batches.length} message(s)${unreachable ? `; not reachable by DingTalk: ${unreachable}` : ''}`;
    return { outcome: 'applied', externalRef: joinRefs(taskIds), detail };
  }

  /**
   * Interviewers the hub has no DingTalk id for (the cancellation came from another system) are this
   * connection's interviewers of the same interview: taken from DingTalk's interview when it is known.
   */
  private async withInterviewers(recipients: NotifyRecipient[], effect: Effect, conn: Connection, settings: DingTalkSettings): Promise<NotifyRecipient[]> {
    const unknown = recipients.filter((r) => r.role === 'interviewer' && !r.externalId);
    if (!unknown.length || !effect.event.interview.externalIds[conn.id]) return recipients;
    const target = await this.resolveTarget(effect.event, conn, settings);
    const known = new Set(recipients.map((r) => r.externalId).filter(Boolean));
    const extra = (target.interview?.interviewers ?? [])
      .map((i) => i.userId)
      .filter((id): id is string => !!id && !known.has(id))
      .map((userId): NotifyRecipient => ({ ...unknown[0], name: undefined, hubId: undefined, externalId: userId, channel: 'dingtalk' }));
    return extra.length ? [...recipients.filter((r) => !unknown.includes(r)), ...extra] : recipients;
  }
}
