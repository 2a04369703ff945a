import type { BackendResults } from './bench-results';
import type { KingdeeWrites } from './kingdee-writes';
import { fmt } from './stats';

/** The Kingdee scenario's own figures in the report: K/3 writes and rows per call, logins, rows left per interview. */

const ok = (pass: boolean): string => (pass ? '✓' : '✗');

/** "PAEZ_TalentPool: 3 BatchSave + 1 Save, 300 rows (75.0 per call, ≤100)" per form written. */
export function savesText(w: KingdeeWrites): string {
  const forms = Object.entries(w.saves).map(([form, s]) => {
    const calls = s.save + s.batchSave;
    return `${form}: ${s.batchSave} BatchSave + ${s.save} Save, ${fmt(s.rows)} rows (${fmt(s.rows / calls, 1)} per call, ≤${s.maxRows})`;
  });
  return forms.join('; ') || 'none';
}

/** Whether every interview of the scenario has exactly one talent-pool row and one follow-up row. */
export function oneRowEach(w: KingdeeWrites): boolean {
  return Object.values(w.rowsPerInterview).every((x) => x.none === 0 && x.duplicated === 0 && x.rows === x.interviews);
}

export function rowsText(w: KingdeeWrites): string {
  return Object.entries(w.rowsPerInterview)
    .map(([form, x]) => `${form} ${fmt(x.rows)} rows for ${fmt(x.interviews)} interviews (${x.none} without, ${x.duplicated} with more than one)`)
    .join('; ');
}

/** Summary cell: rows per interview with the target's mark. */
export function rowsCell(r: BackendResults): string {
  const w = r.kingdeeWrites;
  if (!w) return 'n/a';
  const cell = Object.entries(w.rowsPerInterview).map(([form, x]) => `${form.replace(/^PAEZ_/, '')} ${fmt(x.rows)}/${fmt(x.interviews)} (${x.duplicated} doubled, ${x.none} missing)`);
  return `${cell.join(', ')} ${ok(oneRowEach(w))}`;
}

/** Lines under the Kingdee scenario's end-to-end section. */
export function kingdeeWritesSection(w: KingdeeWrites | undefined): string {
  if (!w) return '';
  const queries = Object.entries(w.queries).map(([form, n]) => `${form} ${fmt(n)}`).join(', ') || 'none';
  const pools = Object.entries(w.pools).map(([pool, n]) => `${pool || '(empty)'} ×${fmt(n)}`).join(', ') || 'none';
  return [
    'What the K/3 simulator recorded of the hub in the phase (read in process):',
    '',
    `- writes (Save = one model, BatchSave = several): ${savesText(w)}`,
    `- ExecuteBillQuery calls by form (polls of the interview form; key lookups before keyed saves): ${queries}`,
    `- logins (LoginBySign / LoginByAppSecret, one per K/3 session the hub opened): ${w.logins}`,
    `- rows the origin effects left per interview (exactly one each is right): ${rowsText(w)}; talent pools: ${pools}`,
    '',
  ].join('\n');
}
