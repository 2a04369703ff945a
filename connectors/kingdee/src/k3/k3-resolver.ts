import { nationalPhone, type Connection, type LinkKind, type ResolvedLink, type ResolveHints } from '@hub/connector-sdk';
import type { K3ApiClient } from './k3-api.client';
import { quote } from './k3-filter';
import { resolveSettings } from './k3-settings';

/** Finds K/3's candidate by phone, then by email, through ExecuteBillQuery on the candidate form. */
export async function resolveK3(api: K3ApiClient, kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
  if (kind !== 'candidate') return undefined;
  const c = resolveSettings(conn).candidate;
  const tries = [
    ...(nationalPhone(hints.phone) ? [`${c.phoneField} = ${quote(nationalPhone(hints.phone) as string)}`] : []),
    ...(hints.email ? [`${c.emailField} = ${quote(hints.email.trim())}`] : []),
  ];
  for (const filter of tries) {
    const rows = await api.query(conn, { FormId: c.formId, FieldKeys: c.idField, FilterString: filter, Limit: 2 });
    if (rows.length === 1 && rows[0][c.idField]) return { externalId: String(rows[0][c.idField]) };
  }
  return undefined;
}
