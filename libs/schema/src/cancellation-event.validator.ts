import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { CancellationEvent } from './cancellation-event';
import schema from './cancellation-event.schema.json';
import { isDetailOf, type ReasonCode } from './reason-taxonomy';

/** One reason a value failed validation: the JSON path that failed and why. */
export interface SchemaViolation {
  path: string;
  message: string;
}

/** Thrown when a value is not a valid CancellationEvent; `violations` names every failing path. */
export class InvalidCancellationEventError extends Error {
  constructor(readonly violations: SchemaViolation[]) {
    super(`invalid CancellationEvent: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`);
    this.name = 'InvalidCancellationEventError';
  }
}

/** Turns ajv errors into path + reason pairs that a person can act on. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((e) => {
    const base = e.instancePath || '/';
    if (e.keyword === 'required') {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path: `${e.instancePath}/${missing}`, message: 'is required' };
    }
    if (e.keyword === 'additionalProperties') {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: `${e.instancePath}/${extra}`, message: 'is not allowed here' };
    }
    if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return { path: base, message: `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` };
    }
    return { path: base, message: e.message ?? e.keyword };
  });
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Validates against the JSON Schema plus the one rule JSON Schema cannot say: detail belongs to code. */
export function validateCancellationEvent(value: unknown): SchemaViolation[] {
  const validate = validator();
  if (!validate(value)) return describeAjvErrors(validate.errors);
  const event = value as CancellationEvent;
  const { code, detail } = event.cancellation.reason;
  if (detail && !isDetailOf(code as ReasonCode, detail)) {
    return [{ path: '/cancellation/reason/detail', message: `"${detail}" is not a detail of reason "${code}"` }];
  }
  return [];
}

export function assertCancellationEvent(value: unknown): asserts value is CancellationEvent {
  const violations = validateCancellationEvent(value);
  if (violations.length) throw new InvalidCancellationEventError(violations);
}

export { schema as cancellationEventSchema };
