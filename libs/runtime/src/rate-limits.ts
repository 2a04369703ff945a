import type { Connector, RateLimit } from '@hub/connector-sdk';
import type { LoadedConfig } from '@hub/config';

/** The outbound pace of a connector: hub.yaml `rateLimits.<id>`, else the connector's declared default. */
export function rateLimitOf(config: LoadedConfig, connector: Connector): RateLimit {
  return config.hub.rateLimits[connector.id] ?? connector.defaultRateLimit;
}

/** Whether a connector applies some effects in batches (its vendor calls are then paced by the batcher, not its queue). */
export function batchesWrites(connector: Connector): boolean {
  return !!connector.applyBatch && Object.keys(connector.capabilities.batches ?? {}).length > 0;
}
