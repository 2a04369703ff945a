import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { installedConnectorTable, withConnectorTable } from './readme-connector-table';

/**
 * Entry point of `npm run docs:connectors`: writes the connector table, generated from the installed connectors'
 * declarations, between the markers of README.md in the working directory (npm runs scripts at the project root).
 */
const readmePath = join(process.cwd(), 'README.md');
try {
  if (!existsSync(readmePath)) throw new Error(`no README.md in ${process.cwd()}: run it from the project root`);
  const before = readFileSync(readmePath, 'utf8');
  const after = withConnectorTable(before, installedConnectorTable());
  if (after !== before) writeFileSync(readmePath, after);
  process.stdout.write(`${after === before ? 'README.md connector table already current' : 'README.md connector table updated'}\n`);
} catch (e) {
  process.stderr.write(`docs:connectors stopped: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
