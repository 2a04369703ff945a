import {
  RegisterConnector,
  type BatchOutcome,
  TokenCache,
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
import { K3ApiClient } from './k3-api.client';
import { K3EffectApplier, K3_EFFECTS } from './k3-effects.applier';
import { parseK3Event } from './k3-interview.mapper';
import { pollK3 } from './k3-poller';
import { resolveK3 } from './k3-resolver';
import { K3_BATCH_MAX_ROWS, K3_CREDENTIAL_FIELDS, K3_SETTINGS_SCHEMA, resolveSettings } from './k3-settings';

export interface K3ConnectorOptions {
  http?: Partial<HttpOptions>;
  sessions?: TokenCache;
  now?: () => number;
}

/**
 * Kingdee K/3 Cloud (金蝶云星空) over its WebAPI (K3.md). Inbound: the configured interview form polled by
 * ExecuteBillQuery. Outbound: candidate status, archive note, talent-pool move and follow-up reminder by Save to
 * configurable forms. Resolves candidates by phone or email. One instance serves all tenants.
 */
@RegisterConnector('kingdee')
export class KingdeeK3Connector implements Connector {
  readonly id = 'kingdee';
  readonly system: SourceSystem = 'kingdee';
  readonly capabilities: Capabilities = {
    inbound: ['poll'],
    effects: [...K3_EFFECTS],
    unsupported: {
      tagTalentPool: 'K/3 Cloud has no tag API: moveToTalentPool writes the pool label instead',
      notify: 'K/3 Cloud sends no messages: followUpReminder writes a reminder row',
      deliverEvent: 'only the webhook subscriber delivers raw events',
    },
    // Status is set by FID (a repeat sets the same value); the others carry hubKey(effect) in their key field.
    repeat: { candidateStatus: 'idempotent', archiveInterview: 'keyed', moveToTalentPool: 'keyed', followUpReminder: 'keyed' },
    requiresLinks: { candidateStatus: ['candidate'], archiveInterview: ['candidate'], moveToTalentPool: ['candidate'], followUpReminder: ['candidate'] },
    resolves: ['candidate'],
    // One BatchSave per effect type and connection; the applier splits by the connection's batchMaxRows.
    batches: Object.fromEntries(K3_EFFECTS.map((e) => [e, { maxItems: K3_BATCH_MAX_ROWS }])),
  };
  /** Kingdee publishes no WebAPI rate limit (UNCONFIRMED): a modest pace; hub.yaml `rateLimits.kingdee` overrides it. */
  readonly defaultRateLimit: RateLimit = { max: 5, durationMs: 1000 };
  readonly credentialFields: CredentialField[] = K3_CREDENTIAL_FIELDS;
  readonly settingsSchema: Record<string, unknown> = K3_SETTINGS_SCHEMA;

  private readonly client: K3ApiClient;
  private readonly applier: K3EffectApplier;

  constructor(options: K3ConnectorOptions = {}) {
    const now = options.now ?? Date.now;
    this.client = new K3ApiClient(options.http, options.sessions ?? new TokenCache(60_000, now), now);
    this.applier = new K3EffectApplier(this.client);
  }

  useOutboundPolicy(policy: OutboundPolicy): void {
    this.client.useOutboundPolicy(policy);
  }

  poll(conn: Connection, request: PollRequest): Promise<PollResult> {
    return pollK3(this.client, conn, request);
  }

  resolve(kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
    return resolveK3(this.client, kind, hints, conn);
  }

  parse(event: VendorEvent, conn: Connection): ParsedVendorEvent[] {
    return parseK3Event(event, resolveSettings(conn));
  }

  apply(effect: Effect, conn: Connection): Promise<Receipt> {
    return this.applier.apply(effect, conn);
  }

  applyBatch(effects: Effect[], conn: Connection): Promise<BatchOutcome[]> {
    return this.applier.applyBatch(effects, conn);
  }
}
