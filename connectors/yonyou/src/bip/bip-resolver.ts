import type { Connection, LinkKind, ResolvedLink, ResolveHints } from '@hub/connector-sdk';
import { nationalPhone, samePhone } from '@hub/connector-sdk';
import type { BipCandidatesApi } from './bip-candidates.api';
import { fieldText } from './bip-candidate-fields';
import { resolveSettings } from './bip-settings';
import type { BipCandidateRow } from './bip.types';

function sameEmail(a: string | undefined, b: string): boolean {
  return !!a && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The single candidate among `rows` whose field matches; a row without the field is checked on its detail (the list
 * may not return it). None or several → undefined: the hub then waits for an operator rather than write to the wrong
 * person.
 */
async function single(api: BipCandidatesApi, conn: Connection, rows: BipCandidateRow[], field: string, matches: (v: string | undefined) => boolean): Promise<string | undefined> {
  const found = new Set<string>();
  for (const row of rows) {
    const listed = fieldText(row, field);
    const value = listed !== undefined ? listed : fieldText((await api.detail(conn, row.id)) ?? row, field);
    if (matches(value)) found.add(row.id);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

/**
 * Finds YonBIP's candidate for another system's cancellation: by phone, then by email, through the candidate list's
 * body filters (setting `resolveFilters`, UNCONFIRMED). The filter is never trusted: every returned row is checked
 * (phones compared by digits, +86 dropped; emails case-insensitively). Only `candidate` is resolved.
 */
export async function resolveBip(api: BipCandidatesApi, kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
  if (kind !== 'candidate') return undefined;
  const { resolveFilters, fields } = resolveSettings(conn);
  const phone = nationalPhone(hints.phone);
  if (phone) {
    const rows = await api.listAll(conn, { [resolveFilters.phone]: phone });
    const id = await single(api, conn, rows, fields.mobile, (v) => samePhone(v, phone));
    if (id) return { externalId: id };
  }
  const email = hints.email?.trim();
  if (email) {
    const rows = await api.listAll(conn, { [resolveFilters.email]: email });
    const id = await single(api, conn, rows, fields.email, (v) => sameEmail(v, email));
    if (id) return { externalId: id };
  }
  return undefined;
}
