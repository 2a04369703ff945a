import {
  RegisterConnector,
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
  type RawWebhook,
  type Receipt,
  type ResolvedLink,
  type ResolveHints,
  type VendorEvent,
  type VerifiedWebhook,
} from '@hub/connector-sdk';
import type { SourceSystem } from '@hub/schema';
import { BipApiClient } from './bip-api.client';
import { BipCandidatesApi } from './bip-candidates.api';
import { BIP_UNSUPPORTED_EFFECTS, BipEffectApplier } from './bip-effects.applier';
import { parseBipEvent } from './bip-event.mapper';
import { pollBip } from './bip-poller';
import { resolveBip } from './bip-resolver';
import { resolveSettings } from './bip-settings';
import { BIP_CREDENTIAL_FIELDS, BIP_SETTINGS_SCHEMA } from './bip-settings.schema';
import { verifyBipWebhook } from './bip-webhook.verifier';

/** Construction options; all optional so the registry can build the connector with `new`. */
export interface BipConnectorOptions {
  http?: Partial<HttpOptions>;
  tokens?: TokenCache;
  /** Clock for token signatures and expiry, gateway caching and push replay checks (specs fix it). */
  now?: () => number;
}

/**
 * YonBIP / YonSuite (用友) connector over the open platform's REST APIs (BIP.md). Inbound: the candidate API polled for
 * cancelled candidates (the truth; approval trails included), open-platform pushes and event-center deliveries as
 * poll hints. Outbound: candidate status, archive note and talent tags, each keyed by `resubmitCheckKey`. Finds its
 * candidate by phone or email for cancellations from other systems. One instance serves all tenants.
 */
@RegisterConnector('yonyou')
export class YonyouBipConnector implements Connector {
  readonly id = 'yonyou';
  readonly system: SourceSystem = 'yonyou';
  readonly capabilities: Capabilities = {
    inbound: ['webhook', 'poll'],
    effects: ['candidateStatus', 'archiveInterview', 'tagTalentPool'],
    unsupported: { ...BIP_UNSUPPORTED_EFFECTS },
    // Every write carries a resubmitCheckKey derived from the idempotency key: YonBIP drops a repeat itself.
    repeat: { candidateStatus: 'keyed', archiveInterview: 'keyed', tagTalentPool: 'keyed' },
    // All three write to YonBIP's candidate record: without its id there is nothing to write to.
    requiresLinks: { candidateStatus: ['candidate'], archiveInterview: ['candidate'], tagTalentPool: ['candidate'] },
    resolves: ['candidate'],
  };
  /** YonBIP publishes no per-app limit (BIP.md "Limits", UNCONFIRMED): a modest pace; hub.yaml `rateLimits.yonyou` overrides it. */
  readonly defaultRateLimit: RateLimit = { max: 5, durationMs: 1000 };
  readonly credentialFields: CredentialField[] = BIP_CREDENTIAL_FIELDS;
  readonly settingsSchema: Record<string, unknown> = BIP_SETTINGS_SCHEMA;

  private readonly client: BipApiClient;
  private readonly api: BipCandidatesApi;
  private readonly applier: BipEffectApplier;
  private readonly now: () => number;

  constructor(options: BipConnectorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.client = new BipApiClient(options.http, options.tokens ?? new TokenCache(5 * 60_000, this.now), this.now);
    this.api = new BipCandidatesApi(this.client);
    this.applier = new BipEffectApplier(this.api);
  }

  /** The hub's outbound policy (hub.yaml `outbound`): YonBIP's gateway URLs are tenant config, held to it too. */
  useOutboundPolicy(policy: OutboundPolicy): void {
    this.client.useOutboundPolicy(policy);
  }

  /** Open-platform push (signature, replay window, AES, owner key) or, with `?channel=event-center`, the event center. */
  verifyWebhook(req: RawWebhook, conn: Connection): Promise<VerifiedWebhook> {
    return verifyBipWebhook(req, conn, this.now());
  }

  /** Reads cancelled candidates from the candidate API (see `pollBip`). */
  poll(conn: Connection, request: PollRequest): Promise<PollResult> {
    return pollBip(this.api, conn, request);
  }

  /** Finds YonBIP's candidate by phone or email (see `resolveBip`). */
  resolve(kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
    return resolveBip(this.api, kind, hints, conn);
  }

  /** Pure: see `parseBipEvent`. */
  parse(event: VendorEvent, conn: Connection): ParsedVendorEvent[] {
    return parseBipEvent(event, resolveSettings(conn));
  }

  /** Applies one effect through updateCandidate or the tenant's configured API. */
  apply(effect: Effect, conn: Connection): Promise<Receipt> {
    return this.applier.apply(effect, conn);
  }
}
