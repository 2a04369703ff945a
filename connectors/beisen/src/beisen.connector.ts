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
import { BeisenApiClient } from './beisen-api.client';
import { BeisenEffectApplier, BEISEN_EFFECTS } from './beisen-effects.applier';
import { parseBeisenEvent } from './beisen-interview.mapper';
import { pollBeisen } from './beisen-poller';
import { BeisenProcessCheck } from './beisen-process-check';
import { resolveBeisen } from './beisen-resolver';
import { BEISEN_CREDENTIAL_FIELDS, BEISEN_SETTINGS_SCHEMA, BEISEN_TRANSFER_MAX_APPLIES, resolveSettings } from './beisen-settings';

export interface BeisenConnectorOptions {
  http?: Partial<HttpOptions>;
  tokens?: TokenCache;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Beisen iTalent (北森) over its open API (README.md). Inbound: applies modified since the last poll and their
 * interviews (RecruitV6). Outbound: the apply's phase/status (TransferPhase, ≤100 a call), the interview cancelled in
 * Beisen's history, talent-pool tags and pool through configured TalentPool APIs. Every call paced per tenant × API
 * under Beisen's documented limits. One instance serves all tenants.
 */
@RegisterConnector('beisen')
export class BeisenConnector implements Connector {
  readonly id = 'beisen';
  readonly system: SourceSystem = 'beisen';
  readonly capabilities: Capabilities = {
    inbound: ['poll'],
    effects: [...BEISEN_EFFECTS],
    unsupported: {
      notify: 'Beisen’s open API documents no message sending: the other connections notify',
      followUpReminder: 'Beisen’s open API documents no reminder or to-do',
      deliverEvent: 'only the webhook subscriber delivers raw events',
    },
    repeat: { candidateStatus: 'idempotent', archiveInterview: 'idempotent', tagTalentPool: 'idempotent', moveToTalentPool: 'idempotent' },
    requiresLinks: { candidateStatus: ['candidate', 'interview'], archiveInterview: ['interview'], tagTalentPool: ['candidate'], moveToTalentPool: ['candidate'] },
    resolves: ['candidate', 'interview'],
    batches: { candidateStatus: { maxItems: BEISEN_TRANSFER_MAX_APPLIES } },
  };
  /**
   * The hub's pace for the Beisen queue as a whole (hub.yaml `rateLimits.beisen` overrides it); the client paces each
   * tenant × API under Beisen's own limits on top of it.
   */
  readonly defaultRateLimit: RateLimit = { max: 50, durationMs: 1000 };
  readonly credentialFields: CredentialField[] = BEISEN_CREDENTIAL_FIELDS;
  readonly settingsSchema: Record<string, unknown> = BEISEN_SETTINGS_SCHEMA;

  private readonly client: BeisenApiClient;
  private readonly processes: BeisenProcessCheck;
  private readonly applier: BeisenEffectApplier;

  constructor(options: BeisenConnectorOptions = {}) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.client = new BeisenApiClient(options.http, options.tokens ?? new TokenCache(60_000, now), now, sleep);
    this.processes = new BeisenProcessCheck(this.client);
    this.applier = new BeisenEffectApplier(this.client, this.processes, sleep);
  }

  useOutboundPolicy(policy: OutboundPolicy): void {
    this.client.useOutboundPolicy(policy);
  }

  /** The first poll of a connection checks its stage/status GUIDs against the process (BeisenProcessCheck). */
  async poll(conn: Connection, request: PollRequest): Promise<PollResult> {
    const s = resolveSettings(conn);
    await this.processes.process(conn, s);
    return pollBeisen(this.client, conn, s, request);
  }

  resolve(kind: LinkKind, hints: ResolveHints, conn: Connection): Promise<ResolvedLink | undefined> {
    return resolveBeisen(this.client, resolveSettings(conn), kind, hints, conn);
  }

  parse(event: VendorEvent, conn: Connection): ParsedVendorEvent[] {
    return parseBeisenEvent(event, resolveSettings(conn));
  }

  apply(effect: Effect, conn: Connection): Promise<Receipt> {
    return this.applier.apply(effect, conn, resolveSettings(conn));
  }

  applyBatch(effects: Effect[], conn: Connection): Promise<BatchOutcome[]> {
    return this.applier.applyBatch(effects, conn, resolveSettings(conn));
  }
}
