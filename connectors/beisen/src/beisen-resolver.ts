import { nationalPhone, record, text, type Connection, type LinkKind, type ResolvedLink, type ResolveHints } from '@hub/connector-sdk';
import type { BeisenApiClient } from './beisen-api.client';
import { readInterview } from './beisen-records';
import type { BeisenSettings } from './beisen-settings';
import { toBeisenDate } from './beisen-time';

/** An interview starting within this of the hint's start time is the same interview. */
const SAME_START_MS = 60_000;

/**
 * Finds Beisen's records (README "Resolve"): a candidate (applicant) by phone, then by email, through the configured
 * search API (`candidateSearch.path`, UNCONFIRMED: VENDORS.md names none); an interview by the applicant and the start
 * time, among the interviews of that day (GetInterviewsByDate). Only an unambiguous match counts.
 */
export async function resolveBeisen(api: BeisenApiClient, s: BeisenSettings, kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
  if (kind === 'candidate') return candidate(api, s, hints, conn);
  if (kind === 'interview') return interview(api, s, hints, conn);
  return undefined;
}

async function candidate(api: BeisenApiClient, s: BeisenSettings, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
  const phone = nationalPhone(hints.phone);
  const tries = [...(phone ? [{ mobile: phone }] : []), ...(hints.email?.trim() ? [{ email: hints.email.trim() }] : [])];
  for (const query of tries) {
    const data = await api.call(conn, s.candidateSearch.path, query);
    const ids = [...new Set((Array.isArray(data) ? data : []).map((r) => text(record(r)?.applicantId)).filter((id): id is string => !!id))];
    if (ids.length === 1) return { externalId: ids[0] };
  }
  return undefined;
}

async function interview(api: BeisenApiClient, s: BeisenSettings, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
  const start = hints.scheduledStart ? Date.parse(hints.scheduledStart) : NaN;
  if (!hints.candidateId || Number.isNaN(start)) return undefined;
  const data = await api.call(conn, 'Interview/GetInterviewsByDate', { date: toBeisenDate(start, s.utcOffsetMinutes) });
  const matches = (Array.isArray(data) ? data : [])
    .map((v) => readInterview(v, s.utcOffsetMinutes))
    .filter((i) => i && i.applicantId === hints.candidateId && i.start !== undefined && Math.abs(i.start - start) <= SAME_START_MS);
  if (matches.length !== 1 || !matches[0]) return undefined;
  return { externalId: matches[0].interviewId, ...(matches[0].jobId ? { related: [{ kind: 'position' as const, externalId: matches[0].jobId }] } : {}) };
}
