import { ConnectorError, record, text, type Connection } from '@hub/connector-sdk';
import type { BeisenApiClient } from './beisen-api.client';
import type { BeisenSettings } from './beisen-settings';

interface Phase {
  phaseId: string;
  name: string;
  statuses: { statusId: string; name: string }[];
}

/** The connection's recruiting process as Setting/GetProcessConfigBy* describes it. */
export interface CheckedProcess {
  processId: string;
  name: string;
  phases: Phase[];
}

function readProcess(data: unknown): CheckedProcess | undefined {
  const r = record(data);
  const processId = text(r?.processId);
  if (!r || !processId) return undefined;
  const phases = (Array.isArray(r.phases) ? r.phases : []).map((p) => record(p) ?? {}).map((p) => ({
    phaseId: text(p.phaseId) ?? '',
    name: text(p.name) ?? '',
    statuses: (Array.isArray(p.statuses) ? p.statuses : []).map((x) => record(x) ?? {}).map((x) => ({ statusId: text(x.statusId) ?? '', name: text(x.name) ?? '' })),
  }));
  return { processId, name: text(r.name) ?? '', phases };
}

/** Every configured status target that is not a phase and status of the process, said so an admin can fix it. */
export function configProblems(process: CheckedProcess, s: BeisenSettings): string[] {
  const problems: string[] = [];
  for (const [label, target] of Object.entries(s.statuses)) {
    const phase = process.phases.find((p) => p.phaseId === target.phaseId);
    if (!phase) {
      problems.push(`statuses.${label}.phaseId ${target.phaseId} is no phase of process ${process.name || process.processId} (phases: ${process.phases.map((p) => `${p.name}=${p.phaseId}`).join(', ')})`);
    } else if (!phase.statuses.some((x) => x.statusId === target.statusId)) {
      problems.push(`statuses.${label}.statusId ${target.statusId} is no status of phase ${phase.name} (statuses: ${phase.statuses.map((x) => `${x.name}=${x.statusId}`).join(', ')})`);
    }
  }
  return problems;
}

/**
 * Checks a connection's stage and status GUIDs against its process (README "Stages and statuses") the first time the
 * connection is used, and again whenever its settings change: Beisen's stages are tenant GUIDs with no fixed enum
 * [B2], so a wrong GUID must stop the connection with a message naming it, not move applies somewhere unintended.
 * A check that could not reach Beisen is not remembered (the next use tries again).
 */
export class BeisenProcessCheck {
  private readonly checked = new Map<string, Promise<CheckedProcess>>();

  constructor(private readonly api: BeisenApiClient) {}

  process(conn: Connection, s: BeisenSettings): Promise<CheckedProcess> {
    const key = `${conn.tenantId}/${conn.id}/${conn.credentials.tenantId ?? ''}/${JSON.stringify([s.process, s.statuses])}`;
    let pending = this.checked.get(key);
    if (!pending) {
      pending = this.load(conn, s);
      this.checked.set(key, pending);
      pending.catch((e: unknown) => {
        if (!(e instanceof ConnectorError) || e.retryable) this.checked.delete(key);
      });
    }
    return pending;
  }

  private async load(conn: Connection, s: BeisenSettings): Promise<CheckedProcess> {
    const [api, body] = s.process.id ? ['Setting/GetProcessConfigById', { processId: s.process.id }] : ['Setting/GetProcessConfigByCode', { code: s.process.code }];
    let data: unknown;
    try {
      data = await this.api.call(conn, api, body);
    } catch (e) {
      if (e instanceof ConnectorError && (e.kind === 'NOT_FOUND' || e.kind === 'INVALID')) {
        throw new ConnectorError('PERMANENT', `connection ${conn.id}: settings.process ${JSON.stringify(s.process)}: ${e.message}`, e.details);
      }
      throw e;
    }
    const process = readProcess(data);
    if (!process) throw new ConnectorError('PERMANENT', `connection ${conn.id}: ${api} answered no process for ${JSON.stringify(s.process)}`);
    const problems = configProblems(process, s);
    if (problems.length) throw new ConnectorError('PERMANENT', `connection ${conn.id}: ${problems.join('; ')}`);
    return process;
  }
}
