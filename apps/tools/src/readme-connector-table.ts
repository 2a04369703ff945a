import '@hub/connectors';
import { ConnectorRegistry } from '@hub/connector-sdk';
import { renderConnectorTable } from './connector-table';

export const CONNECTOR_TABLE_START = '<!-- connector-table:start -->';
export const CONNECTOR_TABLE_END = '<!-- connector-table:end -->';

/** The table of every connector installed through `connectors/index.ts`, as the README shows it. */
export function installedConnectorTable(): string {
  return renderConnectorTable(ConnectorRegistry.fromRegistered().all());
}

function markerSpan(readme: string): { from: number; to: number } {
  const start = readme.indexOf(CONNECTOR_TABLE_START);
  const end = readme.indexOf(CONNECTOR_TABLE_END);
  const once = (marker: string, at: number) => at >= 0 && readme.indexOf(marker, at + 1) < 0;
  if (!once(CONNECTOR_TABLE_START, start) || !once(CONNECTOR_TABLE_END, end) || end < start) {
    throw new Error(`README.md needs exactly one ${CONNECTOR_TABLE_START} followed by one ${CONNECTOR_TABLE_END}`);
  }
  return { from: start + CONNECTOR_TABLE_START.length, to: end };
}

/** What the README holds between the markers, without the blank lines around it. */
export function connectorTableIn(readme: string): string {
  const { from, to } = markerSpan(readme);
  return readme.slice(from, to).trim();
}

/** The README with `table` between the markers; everything outside them unchanged. */
export function withConnectorTable(readme: string, table: string): string {
  const { from, to } = markerSpan(readme);
  return `${readme.slice(0, from)}\n${table}\n${readme.slice(to)}`;
}
