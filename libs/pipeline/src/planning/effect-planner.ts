import type { Capabilities, EffectParams, EffectType, NotifyRecipient } from '@hub/connector-sdk';
import type { ConnectionConfig, TenantConfig } from '@hub/config';
import type { CancellationEvent } from '@hub/schema';
import type { NewDelivery } from '@hub/persistence';
import { renderTemplate } from '@hub/mapping';
import { DEFAULT_TEMPLATES, renderTags, templateValues } from './message-templates';

export interface PlanInput {
  event: CancellationEvent;
  tenant: TenantConfig;
  capabilitiesOf: (connectorId: string) => Capabilities;
  subscriptions: { id: string }[];
  /** The connector that delivers to subscriptions (required when there are any). */
  subscriptionConnector?: string;
}

/**
 * One delivery per target × effect for every enabled connection except the event's origin
 * (echo suppression), plus one `deliverEvent` per matching subscription. The origin gets only the
 * effects its connection lists in `originEffects` (a talent-pool move and a follow-up reminder in the
 * system where the interview was cancelled), never its status back. Effects the target's connector
 * cannot apply are planned as skipped, with the connector's reason, so receipts say why.
 * People are named by hub id; their ids in the target are filled in just before the effect is applied.
 */
export function planDeliveries(input: PlanInput): NewDelivery[] {
  const { event, tenant } = input;
  const values = templateValues(event, tenant);
  const out: NewDelivery[] = [];
  for (const conn of tenant.connections) {
    if (!conn.enabled) continue;
    const caps = input.capabilitiesOf(conn.connector);
    const isOrigin = conn.id === event.source.connectionId;
    // Default: everything the connector applies, plus what it declares unsupported, so receipts say why it was not done.
    const wanted = isOrigin
      ? ((conn.originEffects ?? []) as EffectType[]).filter((e) => e !== 'candidateStatus')
      : ((conn.effects as EffectType[] | undefined) ?? [...caps.effects, ...(Object.keys(caps.unsupported) as EffectType[])]);
    for (const effect of wanted) {
      const target = { kind: 'connection' as const, id: conn.id, connector: conn.connector };
      const base = { tenantId: tenant.id, cancellationId: event.id, target, effect };
      const repeat = caps.repeat[effect] ?? 'unsafe';
      if (caps.effects.includes(effect)) {
        const params = effectParams(effect, event, tenant, conn, values);
        const skipReason = nothingToApply(effect, conn, params);
        out.push(skipReason ? { ...base, repeat, params: '{}', skipReason } : { ...base, repeat, params: JSON.stringify(params) });
      } else {
        const why = caps.unsupported[effect] ?? `the ${conn.connector} connector does not apply ${effect}`;
        out.push({ ...base, repeat, params: '{}', skipReason: why });
      }
    }
  }
  const subscriptionConnector = input.subscriptionConnector;
  if (input.subscriptions.length && !subscriptionConnector) throw new Error('subscriptions exist but no installed connector serves them');
  for (const sub of subscriptionConnector ? input.subscriptions : []) {
    if (!subscriptionConnector) break;
    out.push({
      tenantId: tenant.id,
      cancellationId: event.id,
      target: { kind: 'subscription', id: sub.id, connector: subscriptionConnector },
      effect: 'deliverEvent',
      repeat: input.capabilitiesOf(subscriptionConnector).repeat.deliverEvent ?? 'unsafe',
      params: '{}',
    });
  }
  return out;
}

/** Why an effect has nothing to do for this connection as configured and for this event, if so. */
function nothingToApply(effect: EffectType, conn: ConnectionConfig, params: EffectParams): string | undefined {
  if (effect === 'candidateStatus' && !params.status) {
    return `no status value for 面试取消 is configured: set mapping.statusValues.cancelled on connection ${conn.id}`;
  }
  if (effect === 'followUpReminder' && !params.recipients?.length) return 'no recruiter initiated this cancellation, so there is nobody to remind';
  return undefined;
}

/** The parameters of one effect for one target connection, rendered from the tenant's policies. */
function effectParams(effect: EffectType, event: CancellationEvent, tenant: TenantConfig, conn: ConnectionConfig, values: Record<string, string>): EffectParams {
  const p = tenant.policies;
  switch (effect) {
    case 'candidateStatus':
      return { status: conn.mapping.statusValues.cancelled };
    case 'tagTalentPool':
      return { tags: renderTags(tenant, values) };
    case 'moveToTalentPool':
      return { pool: p.talentPool };
    case 'notify':
      return { recipients: notifyRecipients(event, tenant, conn, values) };
    case 'followUpReminder':
      return { recipients: recruiterRecipients(event, tenant, conn, values) };
    default:
      return {};
  }
}

function message(role: keyof typeof DEFAULT_TEMPLATES, tenant: TenantConfig, values: Record<string, string>) {
  const t = tenant.policies.notify[role] ?? DEFAULT_TEMPLATES[role];
  return { title: renderTemplate(t.title, values), body: renderTemplate(t.body, values) };
}

function notifyRecipients(event: CancellationEvent, tenant: TenantConfig, conn: ConnectionConfig, values: Record<string, string>): NotifyRecipient[] {
  const c = event.candidate;
  const candidate: NotifyRecipient = {
    role: 'candidate',
    name: c.name,
    ...(c.hubId ? { hubId: c.hubId } : {}),
    channel: c.preferredChannels?.[0] ?? tenant.policies.defaultChannels[0] ?? 'email',
    ...message('candidate', tenant, values),
  };
  const interviewers = event.interview.interviewers.map(
    (i): NotifyRecipient => ({
      role: 'interviewer',
      ...(i.name ? { name: i.name } : {}),
      ...(i.hubId ? { hubId: i.hubId } : {}),
      channel: i.preferredChannels?.[0] ?? conn.connector,
      ...message('interviewer', tenant, values),
    }),
  );
  return [candidate, ...interviewers];
}

function recruiterRecipients(event: CancellationEvent, tenant: TenantConfig, conn: ConnectionConfig, values: Record<string, string>): NotifyRecipient[] {
  const by = event.cancellation.initiatedBy;
  if (by.type !== 'recruiter') return [];
  return [{ role: 'recruiter', ...(by.name ? { name: by.name } : {}), ...(by.hubId ? { hubId: by.hubId } : {}), channel: conn.connector, ...message('recruiter', tenant, values) }];
}
