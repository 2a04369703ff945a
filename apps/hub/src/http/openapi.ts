import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_BODY_SCHEMA } from './error-body';

type Schema = Record<string, unknown>;

const WHY: Record<number, string> = {
  400: 'invalid request: the message names the field or parameter at fault (`details.fields` for bodies)',
  401: 'no API key, or an unknown one',
  403: 'refused by the vendor protocol (e.g. a wrong owner key)',
  404: 'no such record in this tenant, or no such path',
  405: 'the path is served with other methods (`Allow` lists them)',
  409: 'conflicts with the current state (`details` says with what)',
  413: 'body larger than the configured limit',
  415: 'body is not application/json',
  422: 'Idempotency-Key reused with another body',
  429: 'rate limit reached: retry after `Retry-After` seconds',
  501: 'no installed connector can serve this',
  503: 'a backing service is unreachable',
};

/** Declares error answers, each with the one error shape `{error, message, details}`. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: WHY[status] ?? 'error', schema: ERROR_BODY_SCHEMA as Schema })));
}

/** The errors every authenticated /v1 operation can answer, plus `more`. */
export function ApiV1Errors(...more: number[]): MethodDecorator & ClassDecorator {
  return ApiErrors(...new Set([400, 401, 404, 405, 429, ...more]));
}

/** A success answer with its schema. */
export function ApiAnswer(status: number, description: string, schema?: Schema): MethodDecorator & ClassDecorator {
  return ApiResponse({ status, description, ...(schema ? { schema } : {}) });
}

// ---- schema helpers: declare what the code returns; nullable fields say so.
export const str = { type: 'string' } as const;
export const nullableStr = { type: 'string', nullable: true } as const;
export const int = { type: 'integer' } as const;
export const bool = { type: 'boolean' } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
export const nullableDateTime = { type: 'string', format: 'date-time', nullable: true } as const;
export const anyObject = { type: 'object', additionalProperties: true } as const;
export const anyValue = {} as const;

export function obj(properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required, additionalProperties: true };
}

export function list(items: Schema): Schema {
  return { type: 'array', items };
}

export function page(items: Schema, withNext = false): Schema {
  return obj({ items: list(items), ...(withNext ? { next: nullableStr } : {}) });
}
