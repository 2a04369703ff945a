import type { Connection, CredentialField } from '@hub/connector-sdk';
import { baseUrl, int, oneOf, record, stringMap, strings, text } from '../shared';
import { DEFAULT_U8_ERRCODES, type U8ErrcodeSettings } from './u8-errors';

/** The effects U8 can take, each written as a record of a resource the tenant chose. */
export const U8_EFFECTS = ['candidateStatus', 'archiveInterview'] as const;
export type U8EffectType = (typeof U8_EFFECTS)[number];

/** Where one effect goes: `POST /api/<resource>/add` with body `{ <bodyKey>: { <field>: <rendered template> } }`. */
export interface U8ResourceMapping {
  resource: string;
  /** Name the record is wrapped in (U8 wraps it in the resource name, e.g. `{"person": {…}}`). */
  bodyKey: string;
  /** The archive code field: it gets the business key, and `GET /api/<resource>/get?id=` finds the record by it. */
  keyField: string;
  /** Field → template (`{{candidate.name}}`…, see U8.md "Templates"); the key field is always the business key. */
  fields: Record<string, string>;
}

/** Connection settings with every default applied. */
export interface U8Settings {
  baseUrl: string;
  /** `ds_sequence` of every business call (the app's first data source when unset). */
  dsSequence?: number;
  /** `async`: `sync=0` and the result URL followed (U8's default); `sync`: `sync=1`, the answer is the result. */
  writeMode: 'async' | 'sync';
  /** `tradeid`: a fresh `/system/tradeid` per add; `bizId`: `biz_id=<business key>` instead (U8: "tradeid与biz_id只能传入一个"). */
  writeKey: 'tradeid' | 'bizId';
  /** Look the record up by its code before adding (the retry-safety check; see U8.md "Idempotency"). */
  precheck: boolean;
  resultPoll: {
    /** Wait before each result poll; unset: the answer's `ping_after` seconds (official SDK), capped by `maxIntervalMs`. */
    intervalMs?: number;
    maxIntervalMs: number;
    /** Result polls before giving up (the official SDK: 20). */
    maxAttempts: number;
    /** Overall bound on the waiting of one add. */
    maxWaitMs: number;
  };
  /** Origins besides `baseUrl`'s that a result `url` may point at. */
  resultOrigins: string[];
  businessKey: { prefix: string; length: number };
  effects: Record<U8EffectType, U8ResourceMapping>;
  errcodes: U8ErrcodeSettings;
}

export const DEFAULT_BASE_URL = 'https://api.yonyouup.com';

/**
 * Default resources: archives a tenant builds in U8 for the hub (U8 has no recruiting object). UNCONFIRMED names:
 * every tenant sets its own resource, key field and fields.
 */
export const DEFAULT_U8_EFFECTS: Record<U8EffectType, U8ResourceMapping> = {
  candidateStatus: {
    resource: 'interviewstatus',
    bodyKey: 'interviewstatus',
    keyField: 'code',
    fields: {
      name: '{{candidate.name}}',
      candidate: '{{candidate.externalId}}',
      phone: '{{candidate.phone}}',
      interview: '{{interview.key}}',
      status: '{{status}}',
      reason: '{{reason}}',
      occurred: '{{occurredAt}}',
    },
  },
  archiveInterview: {
    resource: 'interviewarchive',
    bodyKey: 'interviewarchive',
    keyField: 'code',
    fields: {
      name: '{{candidate.name}}',
      interview: '{{interview.key}}',
      position: '{{position.title}}',
      scheduled: '{{interview.scheduledStart}}',
      interviewers: '{{interviewers}}',
      reason: '{{reason}}',
      memo: '{{summary}}',
    },
  },
};

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } };
const mappingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['resource'],
  properties: {
    resource: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', description: 'U8 resource: POST /api/<resource>/add' },
    bodyKey: { type: 'string', minLength: 1, description: 'Body wrapper name; default the resource name' },
    keyField: { type: 'string', minLength: 1, description: 'Archive code field (unique; get?id= finds it); default code' },
    fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'field → template, e.g. {"name": "{{candidate.name}}"}' },
  },
};

/** JSON Schema of `connection.settings` (validated by the hub at config load). */
export const U8_SETTINGS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  properties: {
    baseUrl: { type: 'string', format: 'uri', default: DEFAULT_BASE_URL },
    dsSequence: { type: 'integer', minimum: 1 },
    writeMode: { enum: ['async', 'sync'], default: 'async' },
    writeKey: { enum: ['tradeid', 'bizId'], default: 'tradeid' },
    precheck: { type: 'boolean', default: true },
    resultPoll: {
      type: 'object',
      additionalProperties: false,
      properties: {
        intervalMs: { type: 'integer', minimum: 0, maximum: 60_000 },
        maxIntervalMs: { type: 'integer', minimum: 0, maximum: 60_000 },
        maxAttempts: { type: 'integer', minimum: 1, maximum: 100 },
        maxWaitMs: { type: 'integer', minimum: 0, maximum: 600_000 },
      },
    },
    resultOrigins: { type: 'array', items: { type: 'string', format: 'uri' } },
    businessKey: {
      type: 'object',
      additionalProperties: false,
      properties: {
        prefix: { type: 'string', pattern: '^[A-Za-z0-9_-]{0,10}$' },
        length: { type: 'integer', minimum: 12, maximum: 64 },
      },
    },
    effects: {
      type: 'object',
      additionalProperties: false,
      properties: { candidateStatus: mappingSchema, archiveInterview: mappingSchema },
    },
    errcodes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        auth: stringList,
        rateLimited: stringList,
        tradeid: stringList,
        temporary: stringList,
        permanent: stringList,
        duplicate: stringList,
        notFound: stringList,
        duplicatePattern: { type: 'string', minLength: 1 },
      },
    },
  },
};

/** Credential fields; secrets are encrypted at rest and redacted by the hub. */
export const U8_CREDENTIAL_FIELDS: CredentialField[] = [
  { name: 'appKey', secret: false, required: true, description: 'U8 open-platform app_key (应用编码, e.g. opa…)' },
  { name: 'appSecret', secret: true, required: true, description: 'U8 open-platform app_secret' },
  { name: 'fromAccount', secret: false, required: true, description: 'from_account: the developer account (调用方id) owning the app' },
  { name: 'toAccount', secret: false, required: true, description: 'to_account: the enterprise account (提供方id) whose U8 is written' },
];

function mapping(v: unknown, fallback: U8ResourceMapping): U8ResourceMapping {
  const m = record(v) ?? {};
  const resource = text(m.resource);
  if (!resource) return fallback;
  return { resource, bodyKey: text(m.bodyKey) ?? resource, keyField: text(m.keyField) ?? 'code', fields: stringMap(m.fields, fallback.fields) };
}

/** Applies every default to `conn.settings`; tolerant of values the schema would reject. */
export function resolveU8Settings(conn: Pick<Connection, 'settings'>): U8Settings {
  const s = conn.settings;
  const poll = record(s.resultPoll) ?? {};
  const key = record(s.businessKey) ?? {};
  const effects = record(s.effects) ?? {};
  const codes = record(s.errcodes) ?? {};
  const dsSequence = int(s.dsSequence, 0, 0, Number.MAX_SAFE_INTEGER);
  return {
    baseUrl: baseUrl(s.baseUrl, DEFAULT_BASE_URL)!,
    ...(dsSequence > 0 ? { dsSequence } : {}),
    writeMode: oneOf(s.writeMode, ['async', 'sync'] as const, 'async'),
    writeKey: oneOf(s.writeKey, ['tradeid', 'bizId'] as const, 'tradeid'),
    precheck: s.precheck !== false,
    resultPoll: {
      ...(poll.intervalMs !== undefined ? { intervalMs: int(poll.intervalMs, 1000, 0, 60_000) } : {}),
      maxIntervalMs: int(poll.maxIntervalMs, 10_000, 0, 60_000),
      maxAttempts: int(poll.maxAttempts, 20, 1, 100),
      maxWaitMs: int(poll.maxWaitMs, 60_000, 0, 600_000),
    },
    resultOrigins: strings(s.resultOrigins, []),
    businessKey: { prefix: typeof key.prefix === 'string' ? key.prefix : 'HUB', length: int(key.length, 20, 12, 64) },
    effects: {
      candidateStatus: mapping(effects.candidateStatus, DEFAULT_U8_EFFECTS.candidateStatus),
      archiveInterview: mapping(effects.archiveInterview, DEFAULT_U8_EFFECTS.archiveInterview),
    },
    errcodes: {
      auth: strings(codes.auth, DEFAULT_U8_ERRCODES.auth),
      rateLimited: strings(codes.rateLimited, DEFAULT_U8_ERRCODES.rateLimited),
      tradeid: strings(codes.tradeid, DEFAULT_U8_ERRCODES.tradeid),
      temporary: strings(codes.temporary, DEFAULT_U8_ERRCODES.temporary),
      permanent: strings(codes.permanent, DEFAULT_U8_ERRCODES.permanent),
      duplicate: strings(codes.duplicate, DEFAULT_U8_ERRCODES.duplicate),
      notFound: strings(codes.notFound, DEFAULT_U8_ERRCODES.notFound),
      duplicatePattern: text(codes.duplicatePattern) ?? DEFAULT_U8_ERRCODES.duplicatePattern,
    },
  };
}
