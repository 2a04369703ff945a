import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConnectorRegistry, type Connection, type Connector, type InboundStream, type StreamSink, type VendorEvent } from '@hub/connector-sdk';
import { JsonLogger, TenantDirectory } from '@hub/config';
import { CrashPoints, RUNTIME_OPTIONS, RedisLocks, type Lease, type RuntimeOptions } from '@hub/runtime';
import { InboxIntake } from '../intake/inbox-intake.service';

/** How long a stream's lease lives without renewal: a holder that dies frees its connection within this. */
export const STREAM_LEASE_TTL_MS = 6_000;
/** How often a process that holds no stream of a connection tries to take it (and retries a failed open). */
export const STREAM_CLAIM_EVERY_MS = 2_000;

interface Held {
  lease: Lease;
  stream?: InboundStream;
}

/**
 * Keeps the push streams of the connections that choose one (connector `usesStream`, e.g. DingTalk Stream mode)
 * open: exactly one live stream per connection across all worker processes, by a lease in Redis (`RedisLocks`,
 * renewed while held). Every process tries to claim each stream connection every STREAM_CLAIM_EVERY_MS; the
 * holder opens the stream; when its lease is lost (or it dies) another process takes over within seconds. Each
 * event goes into the inbox through InboxIntake (mode `stream`) before the connector acknowledges it; from there
 * it flows like a verified webhook.
 */
@Injectable()
export class StreamKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly held = new Map<string, Held>();
  private timer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(ConnectorRegistry) private readonly registry: ConnectorRegistry,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(RedisLocks) private readonly locks: RedisLocks,
    @Inject(InboxIntake) private readonly intake: InboxIntake,
    @Inject(JsonLogger) private readonly log: JsonLogger,
    @Inject(RUNTIME_OPTIONS) private readonly options: RuntimeOptions,
    @Inject(CrashPoints) private readonly crash: CrashPoints,
  ) {}

  /** The enabled connections that receive their pushes through a stream. */
  streamConnections(): { conn: Connection; connector: Connector }[] {
    const out: { conn: Connection; connector: Connector }[] = [];
    for (const tenant of this.tenants.all()) {
      for (const c of tenant.connections) {
        if (!c.enabled) continue;
        const connector = this.registry.get(c.connector);
        const conn = this.tenants.connection(tenant.id, c.id);
        if (conn && connector.openStream && connector.usesStream?.(conn)) out.push({ conn, connector });
      }
    }
    return out;
  }

  onApplicationBootstrap(): void {
    if (!this.options.schedules || !this.streamConnections().length) return;
    void this.claimAll();
    this.timer = setInterval(() => void this.claimAll(), STREAM_CLAIM_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.held.keys()].map((key) => this.drop(key, 'shutdown')));
  }

  /** One claiming round: tries every stream connection this process does not hold. */
  async claimAll(): Promise<void> {
    for (const { conn, connector } of this.streamConnections()) {
      const key = `${conn.tenantId}/${conn.id}`;
      if (this.stopping || this.held.has(key)) continue;
      try {
        await this.claim(key, conn, connector);
      } catch (e) {
        this.log.event('warn', 'stream.claim_failed', { tenantId: conn.tenantId, connectionId: conn.id, error: (e as Error).message });
      }
    }
  }

  private async claim(key: string, conn: Connection, connector: Connector): Promise<void> {
    const lease = await this.locks.acquire(`stream/${key}`, STREAM_LEASE_TTL_MS, () => void this.drop(key, 'lease lost'));
    if (!lease) return;
    const held: Held = { lease };
    this.held.set(key, held);
    try {
      held.stream = await connector.openStream!(conn, this.sinkFor(conn));
      this.log.event('info', 'stream.held', { tenantId: conn.tenantId, connectionId: conn.id });
      if (this.held.get(key) !== held || this.stopping) await held.stream.close(); // lost while opening
    } catch (e) {
      this.log.event('warn', 'stream.open_failed', { tenantId: conn.tenantId, connectionId: conn.id, error: (e as Error).message });
      await this.drop(key, 'open failed');
    }
  }

  private async drop(key: string, why: string): Promise<void> {
    const held = this.held.get(key);
    if (!held) return;
    this.held.delete(key);
    await held.stream?.close().catch(() => undefined);
    await held.lease.release();
    this.log.event(why === 'shutdown' ? 'info' : 'warn', 'stream.released', { stream: key, why });
  }

  private sinkFor(conn: Connection): StreamSink {
    return {
      accept: async (events: VendorEvent[], meta: Record<string, unknown>) => {
        const receivedAt = new Date();
        for (const ev of events) {
          const stored = await this.intake.accept({
            tenantId: conn.tenantId,
            connectionId: conn.id,
            connector: conn.connector,
            mode: 'stream',
            externalEventId: ev.externalEventId,
            kind: ev.kind,
            rawBody: ev.payload,
            payload: ev.payload,
            requestMeta: JSON.stringify(meta),
            receivedAt,
          });
          this.crash.hit('stream.after-store', ev.externalEventId);
          if (stored.duplicate) this.log.event('info', 'stream.duplicate', { tenantId: conn.tenantId, connectionId: conn.id, kind: ev.kind });
          else this.log.event('info', 'stream.accepted', { tenantId: conn.tenantId, connectionId: conn.id, kind: ev.kind, inboxId: stored.inboxId });
        }
      },
      log: (level, msg, fields = {}) => this.log.event(level, msg, { tenantId: conn.tenantId, connectionId: conn.id, ...fields }),
    };
  }
}
