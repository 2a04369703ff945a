import type { Connection, PollScope } from '@hub/connector-sdk';
import { CREDENTIAL_VARIABLES, credentialVariables } from './nc-effect.payload';
import type { TemplateValue } from './nc-template';

/** Variables the query operation's argument templates may use. */
export const QUERY_VARIABLES = [...CREDENTIAL_VARIABLES, 'json', 'since', 'pageNo', 'pageSize', 'subjects', 'scope'] as const;

/** One page of the cancelled-interview query, as asked of NC. */
export interface NcQueryPage {
  /** Rows whose change time (`ts`) is at or after this, in NC's own time text; the cursor. */
  since: string;
  pageNo: number;
  pageSize: number;
  /** Candidate ids, for a `subjects` poll; absent otherwise. */
  candidateIds?: string[];
  scope: PollScope;
}

/**
 * `{{json}}` of the query is `{"since","pageNo","pageSize","candidateIds"?}` (the demo interface's contract, NC.md
 * "Query"); each value is a variable too (`subjects` = the candidate ids).
 */
export function queryVariables(page: NcQueryPage, conn: Pick<Connection, 'credentials'>): Record<(typeof QUERY_VARIABLES)[number], TemplateValue> {
  const json = { since: page.since, pageNo: page.pageNo, pageSize: page.pageSize, ...(page.candidateIds ? { candidateIds: page.candidateIds } : {}) };
  return { ...credentialVariables(conn), json: JSON.stringify(json), since: page.since, pageNo: page.pageNo, pageSize: page.pageSize, subjects: page.candidateIds, scope: page.scope };
}
