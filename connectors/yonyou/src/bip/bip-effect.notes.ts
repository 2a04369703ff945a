import type { CancellationEvent } from '@hub/schema';

/**
 * The archive note written for a cancelled interview. Deterministic for one event (no clock), and it names the
 * hub's interview key, so a note already present in the remark field is recognised and not written twice.
 */
export function archiveNote(event: CancellationEvent): string {
  const when = (event.interview.scheduledStart ?? event.occurredAt).slice(0, 16).replace('T', ' ');
  const reason = event.cancellation.reason.text ?? event.cancellation.reason.code;
  return `[面试取消] ${when} ${event.interview.position.title} 原因:${reason} (${event.interview.key})`;
}

/** Separator of the tags appended to the tag remark field. */
export const TAG_SEPARATOR = '；';

/** The tags not yet in the remark field's text. */
export function missingTags(existing: string, tags: readonly string[]): string[] {
  return [...new Set(tags)].filter((t) => t && !existing.includes(t));
}

/** A remark field's text with `addition` appended on a new line. */
export function appended(existing: string, addition: string): string {
  return existing ? `${existing}\n${addition}` : addition;
}
