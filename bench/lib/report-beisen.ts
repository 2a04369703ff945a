import type { BackendResults } from './bench-results';
import { duplicates, missing, type BeisenWrites, type ObjectWrites } from './beisen-writes';
import { fmt } from './stats';

/** The Beisen scenario's own figures in the report: 429s, deliveries to beisen-main, TransferPhase batching, writes per object. */

const ok = (pass: boolean): string => (pass ? '✓' : '✗');

const OBJECT_TEXT: Record<keyof BeisenWrites['perObject'], string> = {
  transferPhase: 'TransferPhase applied per apply',
  cancelInterview: 'CancelInterview applied per interview',
  addApplicants: 'TalentPool/AddApplicants accepted per applicant',
  addTags: 'TalentPool/AddTags accepted per applicant',
};

const objectText = (x: ObjectWrites): string => `${fmt(x.writes)} for ${fmt(x.objects)} (${x.none} without, ${x.duplicated} with more than one)`;

/** "candidateStatus delivered 500; archiveInterview delivered 498, dead 2" */
export function deliveriesText(w: BeisenWrites): string {
  return (
    Object.entries(w.deliveries.byEffect)
      .map(([effect, by]) => `${effect} ${Object.entries(by).map(([status, n]) => `${status} ${fmt(n)}`).join(', ')}`)
      .join('; ') || 'none'
  );
}

export function throttledText(w: BeisenWrites): string {
  const total = Object.values(w.throttled).reduce((a, b) => a + b, 0);
  return total ? `${fmt(total)} (${Object.entries(w.throttled).map(([api, n]) => `${api} ${fmt(n)}`).join(', ')})` : '0';
}

export function transferText(w: BeisenWrites): string {
  const t = w.transferPhase;
  return `${t.calls} TransferPhase calls, ${fmt(t.applies)} applies (${fmt(t.applies / t.calls, 1)} per call, ≤${t.maxApplies})`;
}

/** Calls per API in the phase, most first, with their outcomes when not all ok. */
export function callsText(w: BeisenWrites): string {
  return Object.entries(w.calls)
    .map(([api, by]) => [api, Object.values(by).reduce((a, b) => a + b, 0), by] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([api, n, by]) => `${api} ${fmt(n)}${Object.keys(by).some((o) => o !== 'ok') ? ` (${Object.entries(by).map(([o, c]) => `${o} ${fmt(c)}`).join(', ')})` : ''}`)
    .join(', ');
}

/** Summary cell: deliveries failed by 429, with the RATE_LIMITED histories and the simulator's 429s beside it. */
export function failedBy429Cell(r: BackendResults): string {
  const w = r.beisenWrites;
  if (!w) return 'n/a';
  const d = w.deliveries;
  return `${d.failedBy429} ${ok(d.failedBy429 === 0)} (RATE_LIMITED in ${d.rateLimited} delivery histories; 429s answered by the simulator: ${throttledText(w)})`;
}

/** Summary cell: duplicated writes by kind, and objects left without their write. */
export function duplicatesCell(r: BackendResults): string {
  const w = r.beisenWrites;
  if (!w) return 'n/a';
  const kinds = Object.entries(w.perObject).map(([kind, x]) => `${kind} ${x.duplicated}`).join(', ');
  return `${duplicates(w)} ${ok(duplicates(w) === 0)} (${kinds}; objects without their write: ${missing(w)})`;
}

/** Lines under the Beisen burst's end-to-end section. */
export function beisenWritesSection(w: BeisenWrites | undefined): string {
  if (!w) return '';
  const d = w.deliveries;
  const limits = Object.entries(w.limits).map(([cls, l]) => `${cls} ${l.perSecond}/s + ${fmt(l.perMinute)}/min`).join(', ');
  const objects = (Object.keys(OBJECT_TEXT) as Array<keyof typeof OBJECT_TEXT>).map((k) => `${OBJECT_TEXT[k]}: ${objectText(w.perObject[k])}`).join('; ');
  return [
    `What the Beisen simulator (limits per tenant × API: ${limits}) and the hub's deliveries to beisen-main say of the burst (read in process):`,
    '',
    `- first post → every delivery to beisen-main final: **${fmt(d.allReceiptsMs / 1000, 1)} s**; deliveries (${fmt(d.total)}) by final status: ${deliveriesText(w)}`,
    `- deliveries whose history shows RATE_LIMITED: ${d.rateLimited}; of them not delivered (failed by 429): **${d.failedBy429}**`,
    d.notDelivered.length ? `- not delivered (first ${d.notDelivered.length}): ${d.notDelivered.map((x) => `\`${x.id}\` ${x.status} after ${x.attempts} attempts${x.lastError ? ` (${x.lastError})` : ''}`).join('; ')}` : '- not delivered: none',
    `- 429s the simulator answered (outcome \`throttled\`; the connector waits them out and sends the call again): ${throttledText(w)}`,
    `- ${transferText(w)}`,
    `- calls per API (outcomes when not all ok): ${callsText(w) || 'none'}`,
    `- writes per Beisen object (exactly one each is right): ${objects}; applicants in the pool 潜在候选人 at the end ${fmt(w.inPool)}, with tags ${fmt(w.tagged)}; asynchronous writes that ended Failed ${w.asyncFailed}`,
    '',
  ].join('\n');
}
