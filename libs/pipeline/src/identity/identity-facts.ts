import { nationalPhone } from '@hub/connector-sdk';
import type { LinkKey } from '@hub/persistence';

/** Pseudo-connections under which identity facts are linked (see LinkRepository). */
export const FACT_PHONE = '@phone';
export const FACT_EMAIL = '@email';
export const FACT_EMPLOYEE = '@employee';

/**
 * A phone number as a matching key: digits only, with a mainland-China country prefix (+86, 0086, 86)
 * dropped in front of an 11-digit mobile number, so `+86 138-0013-8000` and `13800138000` match.
 */
export function phoneKey(phone: string): string | undefined {
  const key = nationalPhone(phone);
  return key && key.length >= 5 ? key : undefined;
}

export function emailKey(email: string): string | undefined {
  const key = email.trim().toLowerCase();
  return key.includes('@') ? key : undefined;
}

/** The fact keys of a candidate, strongest first: they are claimed before vendor ids so that two systems meeting on a fact share one hub id. */
export function candidateFactKeys(tenantId: string, facts: { phone?: string; email?: string; employeeNumber?: string }): LinkKey[] {
  const keys: LinkKey[] = [];
  const add = (connectionId: string, externalId: string | undefined) => {
    if (externalId) keys.push({ tenantId, kind: 'candidate', connectionId, externalId });
  };
  add(FACT_EMPLOYEE, facts.employeeNumber?.trim() || undefined);
  add(FACT_PHONE, facts.phone ? phoneKey(facts.phone) : undefined);
  add(FACT_EMAIL, facts.email ? emailKey(facts.email) : undefined);
  return keys;
}
