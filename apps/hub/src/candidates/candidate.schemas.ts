import { dateTime, list, nullableStr, obj, str } from '../http/openapi';

/** OpenAPI schemas of what the candidates API answers (candidates.controller.ts and candidate-links.service.ts build these shapes). */
export const CANDIDATE = obj(
  { id: str, name: str, status: str, statusReason: nullableStr, lastCancellationId: nullableStr, tags: list(str), pools: list(str), updatedAt: dateTime },
  ['id', 'status', 'tags', 'pools'],
);

export const CANDIDATE_WITH_IDS = { allOf: [CANDIDATE, obj({ mergedFrom: str, ids: { type: 'object', additionalProperties: str } }, ['ids'])] };

export const CANDIDATE_LINKS = obj({
  candidateId: str,
  links: list(obj({ connectionId: str, externalId: str, source: str, at: dateTime })),
  facts: list(obj({ kind: str, value: str, source: str, at: dateTime })),
});
