import {
  RegisterConnector,
  TokenCache,
  type BatchOutcome,
  type Capabilities,
  type Connection,
  type Connector,
  type CredentialField,
  type Effect,
  type HttpOptions,
  type LinkKind,
  type OutboundPolicy,
  type ParsedVendorEvent,
  type PollRequest,
  type PollResult,
  type RateLimit,
  type Receipt,
  type ResolvedLink,
  type ResolveHints,
  type VendorEvent,
} from '@hub/connector-sdk';
import type { SourceSystem } from '@hub/schema';
import { CosmicApiClient } from './cosmic-api.client';
import { applyCosmicEffect, applyCosmicEffects } from './cosmic-effects.applier';
import { parseCosmicEvent } from './cosmic-event.mapper';
import { pollCosmic } from './cosmic-poller';
import { resolveCosmic } from './cosmic-resolver';
import { COSMIC_BATCH_MAX_ROWS, COSMIC_CREDENTIAL_FIELDS, COSMIC_SETTINGS_SCHEMA, resolveSettings } from './cosmic-settings';

/** Every effect is a bill, so every effect batches; the connection's `batchMaxRows` cuts a batch into saves. */
const BATCH = { maxItems: COSMIC_BATCH_MAX_ROWS };

export interface CosmicConnectorOptions {
  http?: Partial<HttpOptions>;
  tokens?: TokenCache;
  now?: () => number;
}

/**
 * 金蝶云苍穹/星瀚 (Cosmic) connector over the OpenAPI (COSMIC.md). Inbound: a configured query form polled for
 * cancelled interviews (Cosmic documents no push). Outbound: each effect saved as a bill into a configured form,
 * keyed by a value derived from the idempotency key, several effects of a type in one save. Resolves candidates by
 * phone or email.
 */
@RegisterConnector('kingdee-cosmic')
export class KingdeeCosmicConnector implements Connector {
  readonly id = 'kingdee-cosmic';
  readonly system: SourceSystem = 'kingdee';
  readonly capabilities: Capabilities = {
    inbound: ['poll'],
    effects: ['candidateStatus', 'archiveInterview', 'moveToTalentPool', 'followUpReminder'],
    unsupported: {
      tagTalentPool: 'Cosmic has no documented talent tag API; use moveToTalentPool with a configured form',
      notify: 'Cosmic has no documented message API for candidates',
      deliverEvent: 'only the subscription connector delivers events',
    },
    repeat: { candidateStatus: 'keyed', archiveInterview: 'keyed', moveToTalentPool: 'keyed', followUpReminder: 'keyed' },
    batches: { candidateStatus: BATCH, archiveInterview: BATCH, moveToTalentPool: BATCH, followUpReminder: BATCH },
    requiresLinks: { candidateStatus: ['candidate'], archiveInterview: ['candidate'], moveToTalentPool: ['candidate'], followUpReminder: ['candidate'] },
    resolves: ['candidate'],
  };
  /** No documented business-call limit (only getToken's 30/min [K3]): a modest pace; hub.yaml overrides it. */
  readonly defaultRateLimit: RateLimit = { max: 5, durationMs: 1000 };
  readonly credentialFields: CredentialField[] = COSMIC_CREDENTIAL_FIELDS;
  readonly settingsSchema: Record<string, unknown> = COSMIC_SETTINGS_SCHEMA;

  private readonly client: CosmicApiClient;

  constructor(options: CosmicConnectorOptions = {}) {
    const now = options.now ?? Date.now;
    this.client = new CosmicApiClient(options.http, options.tokens ?? new TokenCache(60_000, now), now);
  }

  useOutboundPolicy(policy: OutboundPolicy): void {
    this.client.useOutboundPolicy(policy);
  }

  poll(conn: Connection, request: PollRequest): Promise<PollResult> {
    return pollCosmic(this.client, conn, request);
  }

  parse(event: VendorEvent, conn: Connection): ParsedVendorEvent[] {
    return parseCosmicEvent(event, resolveSettings(conn));
  }

  apply(effect: Effect, conn: Connection): Promise<Receipt> {
    return applyCosmicEffect(this.client, effect, conn);
  }

  applyBatch(effects: Effect[], conn: Connection): Promise<BatchOutcome[]> {
    return applyCosmicEffects(this.client, effects, conn);
  }

  resolve(kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
    return resolveCosmic(this.client, kind, hints, conn);
  }
}
