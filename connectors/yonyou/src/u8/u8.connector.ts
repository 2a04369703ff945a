import {
  RegisterConnector,
  TokenCache,
  type Capabilities,
  type Connection,
  type Connector,
  type CredentialField,
  type Effect,
  type HttpOptions,
  type OutboundPolicy,
  type ParsedVendorEvent,
  type RateLimit,
  type Receipt,
  type VendorEvent,
} from '@hub/connector-sdk';
import type { SourceSystem } from '@hub/schema';
import { U8ApiClient } from './u8-api.client';
import { U8_UNSUPPORTED_EFFECTS, U8EffectApplier } from './u8-effects.applier';
import { U8_CREDENTIAL_FIELDS, U8_SETTINGS_SCHEMA } from './u8-settings';

/** Construction options; all optional so the registry can build the connector with `new`. */
export interface U8ConnectorOptions {
  http?: Partial<HttpOptions>;
  tokens?: TokenCache;
  now?: () => number;
  /** How the connector waits between result polls (specs observe it). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Yonyou U8 via the U8 OpenAPI (`api.yonyouup.com`, the enterprise's U8 reached through its open-platform client).
 * Outbound only: U8 has no recruiting object and no event push, so nothing in U8 says an interview was cancelled.
 * candidateStatus and archiveInterview become records of resources the tenant chooses (U8.md). One instance serves
 * all tenants; state arrives in `conn`.
 */
@RegisterConnector('yonyou-u8')
export class YonyouU8Connector implements Connector {
  readonly id = 'yonyou-u8';
  readonly system: SourceSystem = 'yonyou';
  readonly capabilities: Capabilities = {
    inbound: [],
    effects: ['candidateStatus', 'archiveInterview'],
    unsupported: { ...U8_UNSUPPORTED_EFFECTS },
    // Each write is a record whose unique archive code is derived from the idempotency key: a repeat finds it by
    // that code (or is refused by U8 as a duplicate code) and is not written again (U8.md "Idempotency").
    repeat: { candidateStatus: 'keyed', archiveInterview: 'keyed' },
  };
  /** U8 publishes no rate limit (UNCONFIRMED); every write reaches the customer's own U8 server through its proxy, so go gently. */
  readonly defaultRateLimit: RateLimit = { max: 5, durationMs: 1000 };
  readonly credentialFields: CredentialField[] = U8_CREDENTIAL_FIELDS;
  readonly settingsSchema: Record<string, unknown> = U8_SETTINGS_SCHEMA;

  private readonly client: U8ApiClient;
  private readonly applier: U8EffectApplier;

  constructor(options: U8ConnectorOptions = {}) {
    const now = options.now ?? Date.now;
    this.client = new U8ApiClient(options.http, options.tokens ?? new TokenCache(5 * 60_000, now), now, options.sleep);
    this.applier = new U8EffectApplier(this.client);
  }

  /** The hub's outbound policy: U8's base URL (and the result URLs it hands out) are held to it. */
  useOutboundPolicy(policy: OutboundPolicy): void {
    this.client.useOutboundPolicy(policy);
  }

  /** Nothing comes in from U8: every payload parses to nothing. */
  parse(_event: VendorEvent, _conn: Connection): ParsedVendorEvent[] {
    return [];
  }

  apply(effect: Effect, conn: Connection): Promise<Receipt> {
    return this.applier.apply(effect, conn);
  }
}
