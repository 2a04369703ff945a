import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { connectorReadmePath } from './connector-table';
import { CONNECTOR_TABLE_END, CONNECTOR_TABLE_START, connectorTableIn, installedConnectorTable, withConnectorTable } from './readme-connector-table';

const ROOT = join(__dirname, '..', '..', '..');

describe('the README connector table', () => {
  it('is the one generated from the installed connectors’ declarations', () => {
    const inReadme = connectorTableIn(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    const generated = installedConnectorTable();
    if (inReadme !== generated) {
      throw new Error(
        'README.md\'s connector table is stale: run `npm run docs:connectors` (it rewrites the block between the ' +
          `${CONNECTOR_TABLE_START} markers).\n\nexpected:\n${generated}\n\nREADME.md has:\n${inReadme}`,
      );
    }
  });

  it('links a README that exists for every installed connector', () => {
    const missing = ConnectorRegistry.fromRegistered()
      .all()
      .map(connectorReadmePath)
      .filter((path) => !existsSync(join(ROOT, path)));
    expect(missing).toEqual([]);
  });
});

describe('withConnectorTable / connectorTableIn', () => {
  const readme = `# T\n\nbefore\n\n${CONNECTOR_TABLE_START}\nold\n${CONNECTOR_TABLE_END}\n\nafter\n`;

  it('replaces only what is between the markers, and reads back what it wrote', () => {
    const updated = withConnectorTable(readme, '| a |\n|---|');
    expect(updated).toBe(`# T\n\nbefore\n\n${CONNECTOR_TABLE_START}\n| a |\n|---|\n${CONNECTOR_TABLE_END}\n\nafter\n`);
    expect(connectorTableIn(updated)).toBe('| a |\n|---|');
    expect(withConnectorTable(updated, '| a |\n|---|')).toBe(updated);
  });

  it.each([
    ['no markers', '# T\n'],
    ['the end before the start', `${CONNECTOR_TABLE_END}\n${CONNECTOR_TABLE_START}\n`],
    ['two blocks', `${CONNECTOR_TABLE_START}\n${CONNECTOR_TABLE_END}\n${CONNECTOR_TABLE_START}\n${CONNECTOR_TABLE_END}\n`],
  ])('refuses a README with %s', (_, text) => {
    expect(() => connectorTableIn(text)).toThrow(/exactly one/);
  });
});
