import { reasonLabelZh, type CancellationEvent, type ReasonCode } from '@hub/schema';
import type { MessageTemplate, TenantConfig } from '@hub/config';
import { isoInOffset, renderTemplate } from '@hub/mapping';

/** Default notification texts; a tenant overrides any of them under `policies.notify`. */
export const DEFAULT_TEMPLATES: Record<'candidate' | 'interviewer' | 'recruiter', MessageTemplate> = {
  candidate: {
    title: '面试取消通知',
    body: '{candidateName}您好：您原定于{start}的「{position}」岗位AI云面试已取消，原因：{reason}。若有疑问，请联系{contact}。感谢您的理解，期待未来合作。',
  },
  interviewer: {
    title: '面试取消提醒',
    body: '候选人{candidateName}原定于{start}的「{position}」岗位面试已取消，原因：{reason}。该时段已释放。',
  },
  recruiter: {
    title: '请跟进后续意向',
    body: '候选人{candidateName}（{position}）的面试已取消，原因：{reason}。已移入人才库「{pool}」，请跟进后续意向。',
  },
};

/** The values templates may use: {year} {month} {day} {start} {position} {reason} {candidateName} {contact} {pool}. */
export function templateValues(event: CancellationEvent, tenant: TenantConfig): Record<string, string> {
  const when = event.interview.scheduledStart ?? event.occurredAt;
  const local = isoInOffset(new Date(when), tenant.timezone);
  const [date, time] = local.split('T');
  const [year, month, day] = date.split('-');
  const reason = event.cancellation.reason;
  return {
    year,
    month: String(Number(month)),
    day: String(Number(day)),
    start: `${year}年${Number(month)}月${Number(day)}日 ${time.slice(0, 5)}`,
    position: event.interview.position.title,
    reason: reasonLabelZh({ code: reason.code as ReasonCode, detail: reason.detail }),
    candidateName: event.candidate.name,
    contact: tenant.policies.contact,
    pool: tenant.policies.talentPool,
  };
}

/** The tenant's talent-pool tags for this cancellation, e.g. `2023年10月取消面试-岗位:销售经理`, `原因:时间冲突`. */
export function renderTags(tenant: TenantConfig, values: Record<string, string>): string[] {
  return tenant.policies.tags.map((t) => renderTemplate(t, values));
}
