import { nationalPhone, type Connection, type LinkKind, type ResolvedLink, type ResolveHints } from '@hub/connector-sdk';
import type { CosmicApiClient } from './cosmic-api.client';
import { resolveSettings } from './cosmic-settings';

/** Finds the candidate by phone, else email, through the candidate form's `query` (exactly one row must match). */
export async function resolveCosmic(client: CosmicApiClient, kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
  if (kind !== 'candidate') return undefined;
  const { candidates } = resolveSettings(conn);
  const phone = nationalPhone(hints.phone);
  const tries: Record<string, string>[] = [];
  if (phone) tries.push({ [candidates.fields.phone]: phone });
  if (hints.email) tries.push({ [candidates.fields.email]: hints.email.trim() });
  for (const filter of tries) {
    const rows = await client.queryAll(conn, candidates, filter);
    if (rows.length === 1 && rows[0][candidates.fields.id] !== undefined) return { externalId: String(rows[0][candidates.fields.id]) };
  }
  return undefined;
}
