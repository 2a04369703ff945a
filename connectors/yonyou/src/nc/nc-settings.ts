import { ConnectorError, type Connection, type ConnectorErrorKind } from '@hub/connector-sdk';
import { baseUrl, int, oneOf, record, strings, stringMap, text } from '../shared';
import { WRITE_VARIABLES } from './nc-effect.payload';
import { QUERY_VARIABLES } from './nc-query.variables';
import { NC_ERROR_KINDS } from './nc-settings.schema';
import { carriesIdempotencyKey, malformedPlaceholder, placeholders } from './nc-template';

export { NC_CREDENTIAL_FIELDS, NC_SETTINGS_SCHEMA } from './nc-settings.schema';

/** The write effects, each through the operation configured under the same name, and the query. */
export const NC_WRITE_KEYS = ['candidateStatus', 'archiveInterview', 'tagTalentPool'] as const;
export type NcWriteKey = (typeof NC_WRITE_KEYS)[number];
export type NcOperationKey = NcWriteKey | 'queryCancelled';

export type NcCodeKind = ConnectorErrorKind | 'duplicate';

export interface NcResultSpec {
  format: 'json' | 'text';
  successField: string;
  codeField: string;
  successCodes: string[];
  messageField: string;
  dataField: string;
  refField: string;
  codeKinds: Record<string, NcCodeKind>;
  failurePattern?: RegExp;
}

export interface NcOperationSpec {
  interface: string;
  operation: string;
  args: Record<string, string>;
  result: NcResultSpec;
}

export interface NcFaultRule {
  match: RegExp;
  kind: ConnectorErrorKind;
}

/** Row field names of the cancelled-interview query (dotted paths). */
export interface NcRowFields {
  interviewId: string;
  candidateId: string;
  candidateName: string;
  phone: string;
  email: string;
  scheduledStart: string;
  scheduledEnd: string;
  positionId: string;
  positionTitle: string;
  interviewers: string;
  round: string;
  reason: string;
  reasonText: string;
  initiatorId: string;
  initiatorName: string;
  cancelledAt: string;
  ts: string;
}

/** The demo interface's column names (NC-style `pk_…`, `ts`); a tenant maps its own. */
export const DEFAULT_ROW_FIELDS: NcRowFields = {
  interviewId: 'pk_interview',
  candidateId: 'pk_candidate',
  candidateName: 'candidate_name',
  phone: 'mobile',
  email: 'email',
  scheduledStart: 'interview_time',
  scheduledEnd: 'interview_endtime',
  positionId: 'pk_job',
  positionTitle: 'job_name',
  interviewers: 'interviewers',
  round: 'round',
  reason: 'cancel_reason',
  reasonText: 'cancel_memo',
  initiatorId: 'canceller_code',
  initiatorName: 'canceller',
  cancelledAt: 'cancel_time',
  ts: 'ts',
};

export interface NcPollSettings {
  pageSize: number;
  maxPages: number;
  lookbackDays: number;
  sweepOverlapMinutes: number;
  rowsField: string;
  totalField: string;
  fields: NcRowFields;
}

/** Connection settings with every default applied. */
export interface NcSettings {
  baseUrl: string;
  servicePath: string;
  timeoutMs: number;
  auth: 'none' | 'wsse';
  urc?: Record<string, string>;
  timezone: string;
  operations: Partial<Record<NcOperationKey, NcOperationSpec>>;
  faultRules: NcFaultRule[];
  poll: NcPollSettings;
}

/**
 * Throttling is not documented for NC (NC.md "Errors"): a fault whose text says "too frequent" is read as throttling
 * by default; a tenant whose gateway words it otherwise sets `faultRules`. UNCONFIRMED.
 */
export const DEFAULT_FAULT_RULES = [{ match: '请求过于频繁|访问过于频繁|调用频率|频率超限|too many requests|rate limit', kind: 'RATE_LIMITED' as const }];

function invalid(message: string): ConnectorError {
  return new ConnectorError('INVALID', `yonyou-nc settings: ${message}`);
}

function regex(source: string, where: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (e) {
    throw invalid(`${where} is not a regular expression: ${(e as Error).message}`);
  }
}

function resultSpec(v: unknown, where: string): NcResultSpec {
  const r = record(v) ?? {};
  const kinds = stringMap(r.codeKinds, {});
  for (const [code, kind] of Object.entries(kinds)) {
    if (kind !== 'duplicate' && !(NC_ERROR_KINDS as readonly string[]).includes(kind)) throw invalid(`${where}.codeKinds.${code} is "${kind}", not an error kind or "duplicate"`);
  }
  const failure = text(r.failurePattern);
  return {
    format: oneOf(r.format, ['json', 'text'] as const, 'json'),
    successField: text(r.successField) ?? 'success',
    codeField: text(r.codeField) ?? 'code',
    successCodes: strings(r.successCodes, ['0', '200']),
    messageField: text(r.messageField) ?? 'message',
    dataField: text(r.dataField) ?? 'data',
    refField: text(r.refField) ?? 'id',
    codeKinds: kinds as Record<string, NcCodeKind>,
    ...(failure ? { failurePattern: regex(failure, `${where}.failurePattern`) } : {}),
  };
}

function operationSpec(key: NcOperationKey, v: unknown): NcOperationSpec | undefined {
  const r = record(v);
  if (!r) return undefined;
  const where = `operations.${key}`;
  const iface = text(r.interface);
  const operation = text(r.operation);
  const args = stringMap(r.args, {});
  if (!iface || !operation) throw invalid(`${where} needs interface and operation`);
  if (!Object.keys(args).length) throw invalid(`${where}.args is empty`);
  const known: readonly string[] = key === 'queryCancelled' ? QUERY_VARIABLES : WRITE_VARIABLES;
  for (const [name, template] of Object.entries(args)) {
    const bad = malformedPlaceholder(template);
    if (bad) throw invalid(`${where}.args.${name} has a malformed placeholder near "${bad}"`);
    const unknown = placeholders(template).find((p) => !known.includes(p.name));
    if (unknown) throw invalid(`${where}.args.${name} uses {{${unknown.name}}}, which is not one of ${known.join(', ')}`);
  }
  if (key !== 'queryCancelled' && !carriesIdempotencyKey(args)) {
    throw invalid(`${where}.args must pass {{idempotencyKey}} in some argument: NC drops a repeated write only by that key`);
  }
  return { interface: iface, operation, args, result: resultSpec(r.result, `${where}.result`) };
}

function pollSettings(v: unknown): NcPollSettings {
  const p = record(v) ?? {};
  const fields = stringMap(p.fields, {});
  return {
    pageSize: int(p.pageSize, 100, 1, 1000),
    maxPages: int(p.maxPages, 50, 1, 1000),
    lookbackDays: int(p.lookbackDays, 1, 0, 366),
    sweepOverlapMinutes: int(p.sweepOverlapMinutes, 10, 0, 1440),
    rowsField: text(p.rowsField) ?? 'list',
    totalField: text(p.totalField) ?? 'total',
    fields: { ...DEFAULT_ROW_FIELDS, ...fields },
  };
}

const cache = new WeakMap<object, NcSettings>();

/**
 * Applies every default to `conn.settings`. Refuses (INVALID) what the schema cannot catch or what slipped past it:
 * a write without `{{idempotencyKey}}`, an unknown or malformed placeholder, a bad regular expression.
 */
export function resolveSettings(conn: Pick<Connection, 'settings'>): NcSettings {
  const hit = cache.get(conn.settings);
  if (hit) return hit;
  const s = conn.settings;
  const url = baseUrl(s.baseUrl);
  if (!url) throw invalid('baseUrl is required');
  const ops = record(s.operations) ?? {};
  const operations: Partial<Record<NcOperationKey, NcOperationSpec>> = {};
  for (const key of [...NC_WRITE_KEYS, 'queryCancelled'] as const) {
    const spec = operationSpec(key, ops[key]);
    if (spec) operations[key] = spec;
  }
  const rules = Array.isArray(s.faultRules) ? s.faultRules : DEFAULT_FAULT_RULES;
  const urc = record(s.urc) ? stringMap(s.urc, {}) : undefined;
  const settings: NcSettings = {
    baseUrl: url,
    servicePath: (text(s.servicePath) ?? '/uapws/service').replace(/\/+$/, ''),
    timeoutMs: int(s.timeoutMs, 20_000, 1000, 300_000),
    auth: oneOf(s.auth, ['none', 'wsse'] as const, 'none'),
    ...(urc && Object.keys(urc).length ? { urc } : {}),
    timezone: typeof s.timezone === 'string' && /^[+-](0\d|1[0-4]):[0-5]\d$/.test(s.timezone) ? s.timezone : '+08:00',
    operations,
    faultRules: rules.map((r, i) => {
      const rule = record(r) ?? {};
      const kind = oneOf(rule.kind, NC_ERROR_KINDS, 'TEMPORARY');
      return { match: regex(text(rule.match) ?? '(?!)', `faultRules[${i}].match`), kind };
    }),
    poll: pollSettings(s.poll),
  };
  cache.set(conn.settings, settings);
  return settings;
}

/** The service URL of an interface (`…/uapws/service/<FQN>`); its WSDL is this plus `?wsdl` [Y7]. */
export function serviceUrl(settings: Pick<NcSettings, 'baseUrl' | 'servicePath'>, iface: string): string {
  return `${settings.baseUrl}${settings.servicePath}/${iface}`;
}
