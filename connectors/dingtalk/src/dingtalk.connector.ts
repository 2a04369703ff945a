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
  type ParsedVendorEvent,
  type InboundStream,
  type OutboundPolicy,
  type StreamSink,
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
import { DingTalkApiClient } from './dingtalk-api.client';
import { DINGTALK_UNSUPPORTED_EFFECTS, DingTalkEffectApplier } from './dingtalk-effects.applier';
import { parseDingTalkEvent } from './dingtalk-event.mapper';
import { pollDingTalk } from './dingtalk-poller';
import { DingTalkCallBudget } from './call-budget';
import { resolveDingTalk } from './dingtalk-resolver';
import { FlowCandidateCache } from './flow-candidate.cache';
import { DINGTALK_CREDENTIAL_FIELDS, DINGTALK_SETTINGS_SCHEMA, resolveSettings } from './dingtalk-settings';
import { openDingTalkStream } from './dingtalk-stream';
import { verifyDingTalkWebhook } from './dingtalk-webhook.verifier';

/** Construction options; all optional so the registry can build the connector with `new`. */
export interface DingTalkConnectorOptions {
  http?: Partial<HttpOptions>;
  tokens?: TokenCache;
  /** Clock for token expiry, webhook replay checks and write timestamps (specs fix it). */
  now?: () => number;
  /** The polls' per-connection, per-API call budget (specs observe it). */
  budget?: DingTalkCallBudget;
}

/**
 * DingTalk (钉钉 智能招聘) connector. Inbound: HTTP callbacks (only hints: DingTalk pushes no interview
 * cancellation) and the interview-query poll (the source of truth). Outbound: delivery status, interview
 * archive sync and work notifications. Finds its own candidate (by phone) and interview (by candidate and time)
 * for cancellations from other systems. One instance serves all tenants; state arrives in `conn`.
 */
@RegisterConnector('dingtalk')
export class DingTalkConnector implements Connector {
  readonly id = 'dingtalk';
  readonly system: SourceSystem = 'dingtalk';
  readonly capabilities: Capabilities = {
    inbound: ['webhook', 'stream', 'poll'],
    effects: ['candidateStatus', 'archiveInterview', 'notify', 'followUpReminder'],
    unsupported: { ...DINGTALK_UNSUPPORTED_EFFECTS },
    // Setting a delivery status and upserting the assistant's interview (keyed by interviewId) leave DingTalk as one
    // call does; a work notification sent twice reaches the person twice, and DingTalk offers no way to ask (README).
    repeat: { candidateStatus: 'idempotent', archiveInterview: 'idempotent', notify: 'unsafe', followUpReminder: 'unsafe' },
    // The status write names DingTalk's candidate and, through the interview, its job. The archive names the
    // candidate and interview when DingTalk has them, and a notification reaches the interviewers of DingTalk's interview.
    requiresLinks: { candidateStatus: ['candidate', 'interview'] },
    usesLinks: { archiveInterview: ['candidate', 'interview'], notify: ['candidate', 'interview'] },
    resolves: ['candidate', 'interview'],
  };
  /** Half of DingTalk's 40 calls/s per app and API (errcode 90018), leaving room for polls; see README "Limits". */
  readonly defaultRateLimit: RateLimit = { max: 20, durationMs: 1000 };
  readonly credentialFields: CredentialField[] = DINGTALK_CREDENTIAL_FIELDS;
  readonly settingsSchema: Record<string, unknown> = DINGTALK_SETTINGS_SCHEMA;

  private readonly client: DingTalkApiClient;
  private readonly applier: DingTalkEffectApplier;
  private readonly flows = new FlowCandidateCache();
  private readonly budget: DingTalkCallBudget;
  private readonly now: () => number;
  private outbound?: OutboundPolicy;

  constructor(options: DingTalkConnectorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.budget = options.budget ?? new DingTalkCallBudget();
    this.client = new DingTalkApiClient(options.http, options.tokens ?? new TokenCache(5 * 60_000, this.now), this.now);
    this.applier = new DingTalkEffectApplier(this.client, this.now);
  }

  /** The hub's outbound policy (hub.yaml `outbound`): DingTalk's base URLs are tenant config, held to it too. */
  useOutboundPolicy(policy: OutboundPolicy): void {
    this.outbound = policy;
    this.client.useOutboundPolicy(policy);
  }

  /** Setting `inbound: stream`: the connection's pushes come through Stream mode (no public webhook URL). */
  usesStream(conn: Connection): boolean {
    return resolveSettings(conn).inbound === 'stream';
  }

  /** Opens DingTalk Stream mode with the app credentials (see `openDingTalkStream`). */
  openStream(conn: Connection, sink: StreamSink): Promise<InboundStream> {
    return openDingTalkStream(conn, sink, this.outbound);
  }

  /** Verifies signature, replay window, AES payload and owner key of an HTTP callback. */
  verifyWebhook(req: RawWebhook, conn: Connection): Promise<VerifiedWebhook> {
    return verifyDingTalkWebhook(req, conn, this.now());
  }

  /** Polls the interview query of the candidates the scope names (see `pollDingTalk`) for `cancelled: true`. */
  poll(conn: Connection, request: PollRequest): Promise<PollResult> {
    return pollDingTalk({ client: this.client, flows: this.flows, budget: this.budget }, conn, request);
  }

  /** Finds DingTalk's candidate by phone, or its interview by candidate and start time (see `resolveDingTalk`). */
  resolve(kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
    return resolveDingTalk(this.client, kind, hints, conn);
  }

  /** Pure: see `parseDingTalkEvent`. */
  parse(event: VendorEvent, conn: Connection): ParsedVendorEvent[] {
    return parseDingTalkEvent(event, resolveSettings(conn));
  }

  /** Applies one effect through the documented DingTalk write for it. */
  apply(effect: Effect, conn: Connection): Promise<Receipt> {
    return this.applier.apply(effect, conn);
  }
}
