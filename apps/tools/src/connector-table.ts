import { EFFECT_TYPES, type Capabilities, type Connector } from '@hub/connector-sdk';
import type { SourceSystem } from '@hub/schema';

/**
 * The vendors a connector can serve, in the order the README lists them, each with its name for people and the
 * folder under `connectors/` whose README documents its connectors. `api` is the hub's own API, never a connector.
 */
export const CONNECTOR_VENDORS: Record<Exclude<SourceSystem, 'api'>, { name: string; folder: string }> = {
  dingtalk: { name: 'DingTalk 钉钉', folder: 'dingtalk' },
  yonyou: { name: 'Yonyou 用友', folder: 'yonyou' },
  kingdee: { name: 'Kingdee 金蝶', folder: 'kingdee' },
  beisen: { name: 'Beisen 北森', folder: 'beisen' },
  webhook: { name: 'webhook subscriber', folder: 'webhook' },
};

type Vendor = keyof typeof CONNECTOR_VENDORS;

const VENDOR_ORDER = Object.keys(CONNECTOR_VENDORS) as Vendor[];
const INBOUND_ORDER: Capabilities['inbound'] = ['webhook', 'stream', 'poll'];
const NONE = '—';

function vendorOf(c: Pick<Connector, 'id' | 'system'>): Vendor {
  if (!(c.system in CONNECTOR_VENDORS)) {
    throw new Error(`connector ${c.id}: system "${c.system}" has no entry in CONNECTOR_VENDORS (apps/tools/src/connector-table.ts)`);
  }
  return c.system as Vendor;
}

/** The README documenting a connector, relative to the repository root (e.g. `connectors/kingdee/README.md`). */
export function connectorReadmePath(c: Pick<Connector, 'id' | 'system'>): string {
  return `connectors/${CONNECTOR_VENDORS[vendorOf(c)].folder}/README.md`;
}

const code = (s: string) => `\`${s.replace(/[`|]/g, (ch) => `\\${ch}`)}\``;
const list = (items: string[]) => (items.length ? items.join(', ') : NONE);

function effectsCell(cap: Capabilities): string {
  const applied = EFFECT_TYPES.filter((e) => cap.effects.includes(e));
  return list(
    applied.map((e) => {
      const batch = cap.batches?.[e];
      return batch ? `${code(e)} (batch ≤${batch.maxItems})` : code(e);
    }),
  );
}

function row(c: Connector): string {
  const cap = c.capabilities;
  const cells = [
    CONNECTOR_VENDORS[vendorOf(c)].name,
    code(c.id),
    list(INBOUND_ORDER.filter((m) => cap.inbound.includes(m))),
    effectsCell(cap),
    list(EFFECT_TYPES.filter((e) => e in cap.unsupported).map(code)),
    `[README](${connectorReadmePath(c)})`,
  ];
  return `| ${cells.join(' | ')} |`;
}

/**
 * The README's connector table, one row per connector, read from each one's declared `capabilities`: the modes in
 * which it receives cancellations, the effects it applies as a target (with the most effects one vendor call carries,
 * for those it batches) and the effects its vendor has no documented API for (the reasons are in its README).
 * Rows follow `CONNECTOR_VENDORS`' order, then the connector id; effects follow `EFFECT_TYPES`. Pure and deterministic.
 */
export function renderConnectorTable(connectors: readonly Connector[]): string {
  const sorted = [...connectors].sort(
    (a, b) => VENDOR_ORDER.indexOf(vendorOf(a)) - VENDOR_ORDER.indexOf(vendorOf(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return [
    '| Vendor | Connector id | Inbound | Effects applied | Not supported | Docs |',
    '|---|---|---|---|---|---|',
    ...sorted.map(row),
  ].join('\n');
}
