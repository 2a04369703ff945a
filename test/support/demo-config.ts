import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * A fresh copy of the demo's configuration in `dir`: config/ (hub.yaml as production runs it, no tenant)
 * with demo/config (the demo tenant, wired to the vendor sandbox) laid over it — what `npm run demo` runs.
 */
export function copyDemoConfig(dir: string = mkdtempSync(join(tmpdir(), 'hub-config-'))): string {
  cpSync(join(ROOT, 'config'), dir, { recursive: true });
  cpSync(join(ROOT, 'demo', 'config'), dir, { recursive: true });
  return dir;
}
