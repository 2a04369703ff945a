import type { BeisenCall } from './beisen-call';
import { accepted, refused, type BeisenResult } from './beisen-envelope';
import { findProcess } from './beisen-tenant';

/** Digits of a mobile in national form: `+86 138-0013-8000` and `13800138000` are the same number. */
export function nationalMobile(value: unknown): string {
  const digits = String(value ?? '').replace(/\D/g, '');
  if (digits.startsWith('0086')) return digits.slice(4);
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

/**
 * `Applicant/GetApplicantListByContact {mobile?, email?}` (UNCONFIRMED name): applicants matching either given
 * contact (mobile as national digits, email case-insensitive).
 */
export function getApplicantListByContact({ tenant, body }: BeisenCall): BeisenResult {
  const mobile = body.mobile ? nationalMobile(body.mobile) : '';
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
  if (!mobile && !email) return refused(400, 'mobile 或 email 必填');
  return accepted(tenant.applicants.filter((a) => (mobile && nationalMobile(a.mobile) === mobile) || (email && a.email?.trim().toLowerCase() === email)));
}

/** `Setting/GetProcessConfigById {processId}`. */
export function getProcessConfigById({ tenant, body }: BeisenCall): BeisenResult {
  const process = findProcess(tenant, { processId: body.processId ?? '' });
  return process ? accepted(process) : refused(400, '流程不存在');
}

/** `Setting/GetProcessConfigByCode {code}`. */
export function getProcessConfigByCode({ tenant, body }: BeisenCall): BeisenResult {
  const process = findProcess(tenant, { code: body.code ?? '' });
  return process ? accepted(process) : refused(400, '流程不存在');
}
