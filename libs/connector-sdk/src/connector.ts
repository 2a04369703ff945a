import type { SourceSystem } from '@hub/schema';
import type { Connection, CredentialField } from './connection';
import type { AttemptCheck, BatchOutcome, Effect, EffectType, LinkKind, Receipt, ReceiptLink, RepeatClass } from './effects';
import type { InboundStream, StreamSink } from './inbound-stream';
import type { OutboundPolicy } from './outbound';
import type { ParsedVendorEvent, PollRequest, PollResult, RawWebhook, VendorEvent, VerifiedWebhook } from './vendor-event';

/** At most `max` outbound calls per `durationMs`, shared by every worker. */
export interface RateLimit {
  max: number;
  durationMs: number;
}

/** What a connector can do, declared as data and checked by the hub before any call. */
export interface Capabilities {
  /** `stream`: the connector keeps a push channel open itself (`openStream`), for connections that choose it. */
  inbound: ('webhook' | 'stream' | 'poll')[];
  /** Effects the connector applies through a documented vendor API. */
  effects: EffectType[];
  /** Effects the vendor has no documented API for, each with the reason shown to operators. */
  unsupported: Partial<Record<EffectType, string>>;
  /** How a repeat of each supported effect behaves; every entry of `effects` needs one. */
  repeat: Partial<Record<EffectType, RepeatClass>>;
  /**
   * Target-side ids an effect cannot do without. Before applying, the hub fills them from its links,
   * else asks `resolve`, else parks the delivery as `awaiting_link` until the link appears.
   */
  requiresLinks?: Partial<Record<EffectType, LinkKind[]>>;
  /** Target-side ids an effect uses when they can be had: the hub asks `resolve` for them too, but applies the effect without them. */
  usesLinks?: Partial<Record<EffectType, LinkKind[]>>;
  /** Kinds `resolve` can look up in the vendor. */
  resolves?: LinkKind[];
  /**
   * Effects the vendor accepts several at a time (`applyBatch`), with the most effects one call may carry. The hub
   * groups concurrent deliveries of one effect type to one connection into calls of at most `maxItems`.
   */
  batches?: Partial<Record<EffectType, { maxItems: number }>>;
}

/** What the hub knows about the thing to find in the target system. */
export interface ResolveHints {
  name?: string;
  phone?: string;
  email?: string;
  employeeNumber?: string;
  /** For an interview: the target's own id of the candidate (resolved first) and when the interview is. */
  candidateId?: string;
  scheduledStart?: string;
  scheduledEnd?: string;
  positionTitle?: string;
}

/** The target's id of the thing looked up, and ids of related things learned on the way (e.g. the interview's position). */
export interface ResolvedLink {
  externalId: string;
  related?: ReceiptLink[];
}

/**
 * The connector that receives API subscriptions (`POST /v1/subscriptions`): it issues their secrets
 * and turns a stored subscription into a connection. Exactly one installed connector provides it.
 */
export interface SubscriptionTarget {
  newSecret(): string;
  connectionFor(subscription: { url: string; eventTypes: string[] }, secret: string): Pick<Connection, 'credentials' | 'settings'>;
}

/**
 * The connector SPI. One instance serves every tenant concurrently: all per-tenant state
 * arrives in `conn`. `parse` is pure; everything else may do I/O.
 */
export interface Connector {
  readonly id: string;
  readonly system: SourceSystem;
  readonly capabilities: Capabilities;
  readonly credentialFields: CredentialField[];
  /** JSON Schema of `connection.settings`; validated at config load. */
  readonly settingsSchema: Record<string, unknown>;
  /** Outbound pace when hub.yaml `rateLimits.<id>` says nothing (the vendor's documented limits, with margin). */
  readonly defaultRateLimit: RateLimit;
  readonly subscriptions?: SubscriptionTarget;

  verifyWebhook?(req: RawWebhook, conn: Connection): Promise<VerifiedWebhook>;
  poll?(conn: Connection, request: PollRequest): Promise<PollResult>;
  /** Pure. A payload it cannot read throws ConnectorError INVALID; the hub marks the inbox record failed and keeps it. */
  parse(event: VendorEvent, conn: Connection): ParsedVendorEvent[];
  apply(effect: Effect, conn: Connection): Promise<Receipt>;
  /**
   * Applies several effects of one type (declared in `capabilities.batches`) to one connection in as few vendor
   * calls as it can: one outcome per effect, in the order given. A row the vendor refuses fails that effect only;
   * throwing fails every effect of the call (nothing of it was applied, or the vendor cannot say which).
   * Each effect keeps its own `idempotencyKey`, so a retry of one effect alone applies it once.
   */
  applyBatch?(effects: Effect[], conn: Connection): Promise<BatchOutcome[]>;
  /** Finds the target's own record of a candidate, interview…; undefined when the vendor has none. */
  resolve?(kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined>;
  /**
   * Asks the vendor whether an attempt of an `unsafe` effect whose outcome the hub lost went out.
   * Connectors without a way to ask leave it out; such attempts become `uncertain`.
   */
  checkAttempt?(effect: Effect, conn: Connection): Promise<AttemptCheck>;
  /**
   * Connectors that call URLs a tenant or subscriber chose receive the hub's outbound policy (hub.yaml `outbound`)
   * here, once at boot, and connect only where it permits; before that they permit public addresses only.
   */
  useOutboundPolicy?(policy: OutboundPolicy): void;
  /** Whether this connection receives its pushes through `openStream` (its settings choose), rather than webhooks. */
  usesStream?(conn: Connection): boolean;
  /**
   * Opens the connection's push stream (e.g. DingTalk Stream mode) and keeps it open, reconnecting by itself,
   * until closed. Each event is handed to `sink.accept` and acknowledged to the vendor only once that resolved
   * (stored durably); when it rejects, the vendor is asked to deliver it again later. The hub holds one open
   * stream per connection across all its processes.
   */
  openStream?(conn: Connection, sink: StreamSink): Promise<InboundStream>;
}
