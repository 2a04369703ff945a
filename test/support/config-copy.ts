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
