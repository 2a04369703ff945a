import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

export interface FieldProblem {
  /** Dotted path of the field, e.g. `interview.externalId`, `interviewers[0].name`. */
  field: string;
  problems: string[];
}

/** Every failed constraint, nested ones included, with the path of its field. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    // class-validator names only the property ("code must be …"); the message names the whole path ("reason.code must be …").
    if (e.constraints) out.push({ field, problems: Object.values(e.constraints).map((m) => (m.startsWith(`${e.property} `) ? `${field}${m.slice(e.property.length)}` : m)) });
    if (e.children?.length) out.push(...fieldProblems(e.children, field));
  }
  return out;
}

/**
 * The /v1 body validation: unknown fields refused, values transformed to the DTO's types, and a 400
 * `validation_failed` whose message names each field at fault (details.fields lists them).
 */
export function bodyValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = fieldProblems(errors);
      const message = fields.length ? fields.flatMap((f) => f.problems).join('; ') : 'the request body must be a JSON object';
      return new BadRequestException({ error: 'validation_failed', message, details: { fields } });
    },
  });
}
