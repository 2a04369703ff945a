import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { copyDemoConfig } from './demo-config';

/** A temporary copy of the demo's configuration (see copyDemoConfig) with the demo tenant edited by `edit` (a plain object of the YAML); returns the directory. */
export function configCopy(edit: (tenant: Record<string, any>) => void = () => undefined, extraTenants: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  copyDemoConfig(dir);
  const file = join(dir, 'tenants', 'demo.yaml');
  const tenant = parseDocument(readFileSync(file, 'utf8')).toJS() as Record<string, any>;
  edit(tenant);
  writeFileSync(file, JSON.stringify(tenant, null, 2)); // JSON is YAML; `${env:…}` strings stay as they are
  for (const [name, text] of Object.entries(extraTenants)) writeFileSync(join(dir, 'tenants', name), text);
  return dir;
}

/**
 * Keeps only the named connections of the demo tenant (and the identity rows' ids for them), for tests of the core
 * pipeline that count deliveries per target and do not need every vendor of the demo.
 */
export function keepConnections(tenant: Record<string, any>, ids: string[]): void {
  tenant.connections = (tenant.connections as { id: string }[]).filter((c) => ids.includes(c.id));
  for (const row of (tenant.identity?.candidates ?? []) as { ids: Record<string, string> }[]) {
    for (const conn of Object.keys(row.ids)) if (!ids.includes(conn)) delete row.ids[conn];
  }
}

/** The demo configuration with DingTalk as its only vendor connection (see keepConnections). */
export const dingtalkOnlyConfig = (edit: (tenant: Record<string, any>) => void = () => undefined): string =>
  configCopy((tenant) => {
    keepConnections(tenant, ['dingtalk-main']);
    edit(tenant);
  });

/**
 * The demo configuration without Beisen: for tests whose one-click cancels give no interview time, which Beisen needs to
 * find the interview (connectors/beisen/README.md "Resolve"); its deliveries would wait `awaiting_link` for it.
 */
export const withoutBeisenConfig = (): string =>
  configCopy((tenant) => keepConnections(tenant, (tenant.connections as { id: string }[]).map((c) => c.id).filter((id) => id !== 'beisen-main')));
