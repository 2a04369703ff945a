import type { Capabilities, Connector } from '@hub/connector-sdk';
import type { SourceSystem } from '@hub/schema';
import { connectorReadmePath, renderConnectorTable } from './connector-table';

const fake = (id: string, system: SourceSystem, capabilities: Partial<Capabilities> = {}): Connector => ({
  id,
  system,
  capabilities: { inbound: [], effects: [], unsupported: {}, repeat: {}, ...capabilities },
  credentialFields: [],
  settingsSchema: {},
  defaultRateLimit: { max: 1, durationMs: 1000 },
  parse: () => [],
  apply: () => Promise.reject(new Error('not in this test')),
});

const HEADER = ['| Vendor | Connector id | Inbound | Effects applied | Not supported | Docs |', '|---|---|---|---|---|---|'];

describe('renderConnectorTable', () => {
  it('renders a connector’s declared inbound modes, effects (batched ones with their size) and unsupported effects', () => {
    const c = fake('beisen', 'beisen', {
      inbound: ['poll', 'webhook'],
      effects: ['tagTalentPool', 'candidateStatus', 'archiveInterview'],
      batches: { candidateStatus: { maxItems: 100 } },
      unsupported: { notify: 'no messaging API', followUpReminder: 'no task API' },
    });
    expect(renderConnectorTable([c])).toBe(
      [
        ...HEADER,
        '| Beisen 北森 | `beisen` | webhook, poll | `candidateStatus` (batch ≤100), `archiveInterview`, `tagTalentPool` | `notify`, `followUpReminder` | [README](connectors/beisen/README.md) |',
      ].join('\n'),
    );
  });

  it('shows a dash where a connector declares nothing', () => {
    expect(renderConnectorTable([fake('hook', 'webhook')]).split('\n')[2]).toBe(
      '| webhook subscriber | `hook` | — | — | — | [README](connectors/webhook/README.md) |',
    );
  });

  it('sorts rows by vendor, then by id, whatever order the connectors come in', () => {
    const connectors = [
      fake('webhook', 'webhook'),
      fake('yonyou-nc', 'yonyou'),
      fake('kingdee-cosmic', 'kingdee'),
      fake('yonyou', 'yonyou'),
      fake('kingdee', 'kingdee'),
      fake('dingtalk', 'dingtalk'),
      fake('beisen', 'beisen'),
    ];
    const ids = (table: string) => table.split('\n').slice(2).map((line) => line.split(' | ')[1]);
    const table = renderConnectorTable(connectors);
    expect(ids(table)).toEqual(['`dingtalk`', '`yonyou`', '`yonyou-nc`', '`kingdee`', '`kingdee-cosmic`', '`beisen`', '`webhook`']);
    expect(renderConnectorTable([...connectors].reverse())).toBe(table);
  });

  it('refuses a connector whose system it has no vendor entry for', () => {
    expect(() => renderConnectorTable([fake('own-api', 'api')])).toThrow(/system "api" has no entry in CONNECTOR_VENDORS/);
  });

  it('links the README of the vendor’s folder', () => {
    expect(connectorReadmePath(fake('yonyou-u8', 'yonyou'))).toBe('connectors/yonyou/README.md');
  });
});
