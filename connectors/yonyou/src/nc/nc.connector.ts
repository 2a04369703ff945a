import {
  OutboundPolicy,
  RegisterConnector,
  type Capabilities,
  type Connection,
  type Connector,
  type CredentialField,
  type Effect,
  type ParsedVendorEvent,
  type PollRequest,
  type PollResult,
  type RateLimit,
  type Receipt,
  type VendorEvent,
} from '@hub/connector-sdk';
import type { SourceSystem } from '@hub/schema';
import { NC_UNSUPPORTED_EFFECTS, NcEffectApplier } from './nc-effects.applier';
import { parseNcEvent } from './nc-event.mapper';
import { pollNc } from './nc-poller';
import { NC_CREDENTIAL_FIELDS, NC_SETTINGS_SCHEMA, resolveSettings } from './nc-settings';
import { NcSoapClients } from './nc-soap.client';

/** Construction options; all optional so the registry can build the connector with `new`. */
export interface YonyouNcConnectorOptions {
  /** Which addresses NC may be reached at; until the hub hands over its own (`useOutboundPolicy`), public ones only. */
  outbound?: OutboundPolicy;
}

/**
 * Yonyou NC / NC Cloud over uapws SOAP (connectors/yonyou/NC.md). NC has no standard recruiting service: each tenant
 * publishes its own interface, and the connection maps each effect and the cancelled-interview query onto one of
 * its operations (interface, operation, argument templates, how to read `<return>`). Inbound: that query, polled.
 * Outbound: status, archive and tags, each carrying the hub's idempotency key so NC drops a repeat. No `resolve`:
 * NC documents no lookup the hub could rely on, so the hub's own links (identity tables, earlier events) give ids.
 */
@RegisterConnector('yonyou-nc')
export class YonyouNcConnector implements Connector {
  readonly id = 'yonyou-nc';
  readonly system: SourceSystem = 'yonyou';
  readonly capabilities: Capabilities = {
    inbound: ['poll'],
    effects: ['candidateStatus', 'archiveInterview', 'tagTalentPool'],
    unsupported: { ...NC_UNSUPPORTED_EFFECTS },
    // Settings refuse a write whose arguments do not pass {{idempotencyKey}}: the tenant's interface drops a repeat by it.
    repeat: { candidateStatus: 'keyed', archiveInterview: 'keyed', tagTalentPool: 'keyed' },
  };
  /** NC is the tenant's own on-premises server and documents no limit: a gentle pace (NC.md "Limits"). */
  readonly defaultRateLimit: RateLimit = { max: 5, durationMs: 1000 };
  readonly credentialFields: CredentialField[] = NC_CREDENTIAL_FIELDS;
  readonly settingsSchema: Record<string, unknown> = NC_SETTINGS_SCHEMA;

  private readonly clients: NcSoapClients;
  private readonly applier: NcEffectApplier;

  constructor(options: YonyouNcConnectorOptions = {}) {
    this.clients = new NcSoapClients(options.outbound ?? new OutboundPolicy());
    this.applier = new NcEffectApplier(this.clients);
  }

  /** The hub's outbound policy (hub.yaml `outbound`): NC's base URL is tenant config, held to it like any other. */
  useOutboundPolicy(policy: OutboundPolicy): void {
    this.clients.usePolicy(policy);
  }

  /** Reads the configured query for cancelled interviews (see `pollNc`). */
  poll(conn: Connection, request: PollRequest): Promise<PollResult> {
    return pollNc(this.clients, conn, request);
  }

  /** Pure: see `parseNcEvent`. */
  parse(event: VendorEvent, conn: Connection): ParsedVendorEvent[] {
    return parseNcEvent(event, resolveSettings(conn));
  }

  /** Applies one effect through the operation the connection configures for it. */
  apply(effect: Effect, conn: Connection): Promise<Receipt> {
    return this.applier.apply(effect, conn);
  }
}
