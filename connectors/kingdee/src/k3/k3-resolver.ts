import type { Connection, LinkKind, ResolvedLink, ResolveHints } from '@hub/connector-sdk';
import type { K3ApiClient } from './k3-api.client';
import { resolveSettings } from './k3-settings';

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** Mainland mobile numbers as K/3 usually holds them: digits only, without +86. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

/** Finds K/3's candidate by phone, then by email, through ExecuteBillQuery on the candidate form. */
export async function resolveK3(api: K3ApiClient, kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
  if (kind !== 'candidate') return undefined;
  const c = resolveSettings(conn).candidate;
  const tries = [
    ...(hints.phone ? [`${c.phoneField} = ${quote(normalizePhone(hints.phone))}`] : []),
    ...(hints.email ? [`${c.emailField} = ${quote(hints.email.trim())}`] : []),
  ];
  for (const filter of tries) {
    const rows = await api.query(conn, { FormId: c.formId, FieldKeys: c.idField, FilterString: filter, Limit: 2 });
    if (rows.length === 1 && rows[0][c.idField]) return { externalId: String(rows[0][c.idField]) };
  }
  return undefined;
}
