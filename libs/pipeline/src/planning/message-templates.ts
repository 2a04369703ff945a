import { reasonLabelZh, type CancellationEvent, type ReasonCode } from '@hub/schema';
import type { MessageTemplate, TenantConfig } from '@hub/config';
import { isoInOffset, renderTemplate } from '@hub/mapping';

/** Default notification texts; a tenant overrides any of them under `policies.notify`. */
export const DEFAULT_TEMPLATES: Record<'candidate' | 'interviewer' | 'recruiter', MessageTemplate> = {
  candidate: {
    title: '面试取消通知',
    body: '{candidateName}您好：您{#start}原定于{start}{/start}的「{position}」岗位AI云面试已取消，原因：{reason}。若有疑问，请联系{contact}。感谢您的理解，期待未来合作。',
  },
  interviewer: {
    title: '面试取消提醒',
    body: '候选人{candidateName}{#start}原定于{start}{/start}的「{position}」岗位面试已取消，原因：{reason}。{#start}该时段已释放。{/start}',
  },
  recruiter: {
    title: '请跟进后续意向',
    body: '候选人{candidateName}（{position}）的面试已取消，原因：{reason}。已移入人才库「{pool}」，请跟进后续意向。',
  },
};

/**
 * The values templates may use: {year} {month} {day} (when the cancellation happened, in the tenant's time
 * zone), {start} (the interview's scheduled start; empty when the hub was not told), {position} {reason}
 * {candidateName} {contact} {pool}.
 */
export function templateValues(event: CancellationEvent, tenant: TenantConfig): Record<string, string> {
  const [year, month, day] = isoInOffset(new Date(event.occurredAt), tenant.timezone).split('T')[0].split('-');
  const reason = event.cancellation.reason;
  return {
    year,
    month: String(Number(month)),
    day: String(Number(day)),
    start: event.interview.scheduledStart ? localStart(event.interview.scheduledStart, tenant.timezone) : '',
    position: event.interview.position.title,
    reason: reasonLabelZh({ code: reason.code as ReasonCode, detail: reason.detail }),
    candidateName: event.candidate.name,
    contact: tenant.policies.contact,
    pool: tenant.policies.talentPool,
  };
}

function localStart(iso: string, timezone: string): string {
  const [date, time] = isoInOffset(new Date(iso), timezone).split('T');
  const [year, month, day] = date.split('-');
  return `${year}年${Number(month)}月${Number(day)}日 ${time.slice(0, 5)}`;
}

/** The tenant's talent-pool tags for this cancellation, e.g. `2023年10月取消面试-岗位:销售经理`, `原因:时间冲突`. */
export function renderTags(tenant: TenantConfig, values: Record<string, string>): string[] {
  return tenant.policies.tags.map((t) => renderTemplate(t, values));
}
