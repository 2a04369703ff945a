import type { SourceSystem } from '@hub/schema';
import type { Connection, CredentialField } from './connection';
import type { Effect, EffectType, Receipt } from './effects';
import type { ParsedVendorEvent, PollRequest, PollResult, RawWebhook, VendorEvent, VerifiedWebhook } from './vendor-event';

/** What a connector can do, declared as data and checked by the hub before any call. */
export interface Capabilities {
  inbound: ('webhook' | 'poll')[];
  /** Effects the connector applies through a documented vendor API. */
  effects: EffectType[];
  /** Effects the vendor has no documented API for, each with the reason shown to operators. */
  unsupported: Partial<Record<EffectType, string>>;
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

  verifyWebhook?(req: RawWebhook, conn: Connection): Promise<VerifiedWebhook>;
  poll?(conn: Connection, request: PollRequest): Promise<PollResult>;
  /** Pure. A payload it cannot read throws ConnectorError INVALID; the hub marks the inbox record failed and keeps it. */
  parse(event: VendorEvent, conn: Connection): ParsedVendorEvent[];
  apply(effect: Effect, conn: Connection): Promise<Receipt>;
}
