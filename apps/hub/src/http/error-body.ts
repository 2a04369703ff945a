/** The one shape of every error the hub answers with (vendor-protocol replies aside). */
export interface ErrorBody {
  /** A stable machine-readable code, e.g. `validation_failed`, `rate_limited`. */
  error: string;
  /** What went wrong, for a person. */
  message: string;
  /** Structured facts about the error (fields at fault, limits, ids); `{}` when there are none. */
  details: Record<string, unknown>;
}

/** The code of each status when the thrower gave none. */
export const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  500: 'internal_error',
  501: 'not_implemented',
  503: 'unavailable',
};

export function errorCodeOf(status: number): string {
  return ERROR_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}

export function errorBody(status: number, message: string, details: Record<string, unknown> = {}, error = errorCodeOf(status)): ErrorBody {
  return { error, message, details };
}

/** JSON Schema of ErrorBody, for the OpenAPI document. */
export const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['error', 'message', 'details'],
  additionalProperties: false,
  properties: {
    error: { type: 'string', description: 'stable machine-readable code', example: 'validation_failed' },
    message: { type: 'string', description: 'what went wrong, for a person' },
    details: { type: 'object', additionalProperties: true, description: 'structured facts: fields at fault, limits, ids' },
  },
} as const;
