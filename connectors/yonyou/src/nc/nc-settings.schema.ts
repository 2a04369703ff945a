import type { CredentialField } from '@hub/connector-sdk';

/** Kinds a fault rule or a `<return>` code may map to (`duplicate` only for codes: "already applied"). */
export const NC_ERROR_KINDS = ['RATE_LIMITED', 'AUTH_EXPIRED', 'TEMPORARY', 'NOT_FOUND', 'INVALID', 'PERMANENT'] as const;

/** A Java interface name as uapws publishes it (`nc.itf.hr.recruit.IInterviewSyncService`). */
const JAVA_FQN = '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$';
const IDEMPOTENCY_KEY = '\\{\\{\\s*idempotencyKey\\s*(\\|\\s*json\\s*)?\\}\\}';

const RESULT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'How to read the operation\'s <return> (NC.md "Result"); defaults fit the demo interface',
  properties: {
    format: { enum: ['json', 'text'], default: 'json', description: 'json: <return> is JSON text (usual for NC custom interfaces); text: plain text' },
    successField: { type: 'string', minLength: 1, default: 'success', description: 'boolean-like field that decides success when present' },
    codeField: { type: 'string', minLength: 1, default: 'code', description: 'status code field, read when successField is absent' },
    successCodes: { type: 'array', items: { type: 'string' }, default: ['0', '200'] },
    messageField: { type: 'string', minLength: 1, default: 'message' },
    dataField: { type: 'string', minLength: 1, default: 'data' },
    refField: { type: 'string', minLength: 1, default: 'id', description: 'field of data kept as the receipt reference' },
    codeKinds: {
      type: 'object',
      additionalProperties: { enum: [...NC_ERROR_KINDS, 'duplicate'] },
      default: {},
      description: 'code → error kind, or "duplicate" (already applied); other failure codes are INVALID',
    },
    failurePattern: { type: 'string', minLength: 1, description: 'text format: a regular expression that marks the text as a failure' },
  },
};

function operationSchema(write: boolean): Record<string, unknown> {
  const args: Record<string, unknown> = {
    type: 'object',
    minProperties: 1,
    propertyNames: { pattern: '^[A-Za-z_][\\w.-]*$' },
    additionalProperties: { type: 'string' },
    description: 'argument name (arg0, string, …, as the WSDL names it) → template ({{json}}, {{idempotencyKey}}, {{candidate.phone|json}}, …)',
  };
  if (write) {
    // JSON Schema cannot say "some value matches"; `if` (not every value lacks the key) / `else` (require a property
    // named after the fix) yields a config error that reads `…/args/<that name>: is required`.
    args.if = { not: { additionalProperties: { not: { type: 'string', pattern: IDEMPOTENCY_KEY } } } };
    args.else = { required: ['an argument whose template contains {{idempotencyKey}}'] };
  }
  return {
    type: 'object',
    additionalProperties: false,
    required: ['interface', 'operation', 'args'],
    properties: {
      interface: { type: 'string', pattern: JAVA_FQN, description: 'Java interface FQN; the service is {baseUrl}{servicePath}/<interface>' },
      operation: { type: 'string', pattern: '^[A-Za-z_][\\w]*$' },
      args: args,
      result: RESULT_SCHEMA,
    },
  };
}

const FIELD = { type: 'string', minLength: 1 };

/** JSON Schema of `connection.settings` (validated by the hub at config load). */
export const NC_SETTINGS_SCHEMA: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl', 'operations'],
  properties: {
    baseUrl: { type: 'string', format: 'uri', description: 'NC server origin, e.g. http://nc.corp.example:8080' },
    servicePath: { type: 'string', pattern: '^/', default: '/uapws/service', description: 'where uapws publishes services' },
    timeoutMs: { type: 'integer', minimum: 1000, maximum: 300000, default: 20000, description: 'per call, WSDL fetch included' },
    auth: { enum: ['none', 'wsse'], default: 'none', description: 'wsse: WS-Security UsernameToken (PasswordText) from credentials username/password' },
    urc: {
      type: 'object',
      additionalProperties: false,
      description: 'SOAP header {http://ws.uap.nc/lang}Urc: the NC data source (账套) and user the call runs as',
      properties: { datasource: FIELD, userCode: FIELD, langCode: FIELD, corpCode: FIELD },
    },
    timezone: { type: 'string', pattern: '^[+-](0[0-9]|1[0-4]):[0-5][0-9]$', default: '+08:00', description: 'offset of the NC server clock (times have none)' },
    operations: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        candidateStatus: operationSchema(true),
        archiveInterview: operationSchema(true),
        tagTalentPool: operationSchema(true),
        queryCancelled: operationSchema(false),
      },
    },
    faultRules: {
      type: 'array',
      description: 'SOAP faults whose "faultcode faultstring" matches `match` (a regular expression) get `kind`; first match wins, before the built-in mapping',
      items: { type: 'object', additionalProperties: false, required: ['match', 'kind'], properties: { match: FIELD, kind: { enum: [...NC_ERROR_KINDS] } } },
    },
    poll: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        pageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        maxPages: { type: 'integer', minimum: 1, maximum: 1000, default: 50, description: 'pages one poll reads; the cursor stops at the last row read' },
        lookbackDays: { type: 'integer', minimum: 0, maximum: 366, default: 1, description: 'how far back the first poll (and a subjects poll) looks' },
        sweepOverlapMinutes: { type: 'integer', minimum: 0, maximum: 1440, default: 10, description: 'a sweep re-reads this far before the cursor (rows committed late with an older ts)' },
        rowsField: { type: 'string', minLength: 1, default: 'list', description: 'field of <return> data holding the rows (data itself when it is an array)' },
        totalField: { type: 'string', minLength: 1, default: 'total' },
        fields: {
          type: 'object',
          additionalProperties: false,
          default: {},
          description: 'row field names (dotted paths) of each value; defaults are the demo interface\'s',
          properties: Object.fromEntries(
            ['interviewId', 'candidateId', 'candidateName', 'phone', 'email', 'scheduledStart', 'scheduledEnd', 'positionId', 'positionTitle', 'interviewers', 'round', 'reason', 'reasonText', 'initiatorId', 'initiatorName', 'cancelledAt', 'ts'].map((k) => [k, FIELD]),
          ),
        },
      },
    },
  },
};

/** Credentials; the password is encrypted at rest and redacted by the hub. */
export const NC_CREDENTIAL_FIELDS: CredentialField[] = [
  { name: 'username', secret: false, required: false, description: 'WS-Security UsernameToken user (settings auth: wsse)' },
  { name: 'password', secret: true, required: false, description: 'WS-Security UsernameToken password (settings auth: wsse)' },
];
