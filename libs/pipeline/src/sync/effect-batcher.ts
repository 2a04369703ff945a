import { Inject, Injectable } from '@nestjs/common';
import { ConnectorError, type Connection, type Connector, type Effect, type Receipt } from '@hub/connector-sdk';
import type { LoadedConfig } from '@hub/config';
import { HUB_CONFIG, HubMetrics, batchesWrites, rateLimitOf } from '@hub/runtime';
import { CallPacer } from './call-pacer';

interface Waiting {
  effect: Effect;
  resolve: (receipt: Receipt) => void;
  reject: (error: unknown) => void;
}

interface OpenBatch {
  connector: Connector;
  conn: Connection;
  items: Waiting[];
  timer?: NodeJS.Timeout;
  /** Waiting for its turn in the connector's pacer; still taking effects until full. */
  dispatching?: boolean;
}

/**
 * Groups the deliveries a worker process runs at once for one connection and effect type into `applyBatch`
 * calls, for connectors that declare `capabilities.batches` (Kingdee's BatchSave). A delivery joins the open
 * batch of its connection and effect; `batchLingerMs` after its first effect, or once full (`maxItems`), the batch
 * asks the connector's pacer (`rateLimits`, per process) for its turn and keeps taking effects while it waits, so
 * the busier the connector, the fuller its calls. Each delivery gets its own outcome, so a row refused by the vendor
 * fails that delivery alone and its retry (a later job) joins whatever batch is open then.
 */
@Injectable()
export class EffectBatcher {
  private readonly open = new Map<string, OpenBatch>();
  private readonly pacers = new Map<string, CallPacer>();

  constructor(
    @Inject(HUB_CONFIG) private readonly config: LoadedConfig,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
  ) {}

  async apply(connector: Connector, effect: Effect, conn: Connection): Promise<Receipt> {
    if (!batchesWrites(connector)) return connector.apply(effect, conn);
    const maxItems = connector.capabilities.batches?.[effect.type]?.maxItems;
    if (!maxItems) {
      await this.pacer(connector).take();
      return connector.apply(effect, conn);
    }
    return new Promise<Receipt>((resolve, reject) => {
      const key = JSON.stringify([connector.id, conn.tenantId, conn.id, effect.type]);
      let batch = this.open.get(key);
      if (!batch) {
        const opened: OpenBatch = { connector, conn, items: [] };
        opened.timer = setTimeout(() => void this.dispatch(key, opened), this.config.hub.pipeline.batchLingerMs);
        this.open.set(key, opened);
        batch = opened;
      }
      batch.items.push({ effect, resolve, reject });
      if (batch.items.length >= maxItems) {
        this.close(key, batch);
        void this.dispatch(key, batch);
      }
    });
  }

  /** No more effects join this batch: the next one of its key opens a new batch. */
  private close(key: string, batch: OpenBatch): void {
    if (this.open.get(key) === batch) this.open.delete(key);
  }

  /** Waits for the connector's turn (the batch still filling meanwhile), then sends what the batch holds. */
  private async dispatch(key: string, batch: OpenBatch): Promise<void> {
    if (batch.dispatching) return;
    batch.dispatching = true;
    clearTimeout(batch.timer);
    const { connector, conn, items } = batch;
    try {
      await this.pacer(connector).take();
      this.close(key, batch);
      this.metrics.batchSize.observe({ connector: connector.id, effect: items[0].effect.type }, items.length);
      const outcomes = await connector.applyBatch!(
        items.map((i) => i.effect),
        conn,
      );
      if (outcomes.length !== items.length) {
        throw new ConnectorError('PERMANENT', `${connector.id} answered ${outcomes.length} outcomes for a batch of ${items.length} effects`);
      }
      outcomes.forEach((o, i) => (o.ok ? items[i].resolve(o.receipt) : items[i].reject(o.error)));
    } catch (e) {
      this.close(key, batch);
      for (const i of items) i.reject(e);
    }
  }

  private pacer(connector: Connector): CallPacer {
    let pacer = this.pacers.get(connector.id);
    if (!pacer) {
      pacer = new CallPacer(rateLimitOf(this.config, connector));
      this.pacers.set(connector.id, pacer);
    }
    return pacer;
  }
}
