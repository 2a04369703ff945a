import { anyObject, anyValue, bool, dateTime, int, list, nullableDateTime, nullableStr, obj, str } from '../http/openapi';

/** OpenAPI schemas of what the cancellations API answers (cancellations.service.ts builds these shapes). */
export const ACCEPTED_CANCELLATION = obj({ id: str, inboxId: str, status: { type: 'string', enum: ['accepted'] }, replayed: bool });

export const CANCELLATION_SUMMARY = obj(
  {
    id: str,
    candidateName: str,
    candidateId: str,
    position: str,
    reasonCode: str,
    scheduledStart: nullableDateTime,
    occurredAt: dateTime,
    origin: str,
    status: str,
    suppressedDuplicates: int,
    createdAt: dateTime,
  },
  ['id', 'status', 'occurredAt', 'createdAt'],
);

const DELIVERY = obj(
  {
    id: str,
    target: anyObject,
    effect: str,
    repeat: str,
    status: str,
    attempts: int,
    receipt: { ...anyObject, nullable: true },
    skipReason: nullableStr,
    awaiting: { ...anyObject, nullable: true },
    uncertain: { ...anyObject, nullable: true },
    lastError: { ...obj({ kind: str, message: str, at: dateTime }, ['kind', 'message']), nullable: true },
    nextAttemptAt: nullableDateTime,
    history: list(anyValue),
  },
  ['id', 'target', 'effect', 'status', 'attempts'],
);

export const CANCELLATION_DETAIL = {
  allOf: [
    CANCELLATION_SUMMARY,
    obj({ event: anyObject, deliveries: list(DELIVERY), archive: list(anyObject), audit: list(anyObject) }),
  ],
};

export const REPLAYED = obj({ replayed: list(str) });
