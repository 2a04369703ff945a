import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import {
  ConnectorError,
  OutboundPolicy,
  RegisterConnector,
  type Capabilities,
  type Connection,
  type Connector,
  type CredentialField,
  type Effect,
  type ParsedVendorEvent,
  type RateLimit,
  type Receipt,
  type SubscriptionTarget,
} from '@hub/connector-sdk';
import type { CancellationEvent, SourceSystem } from '@hub/schema';
import { generateWebhookSecret, signPayload, STANDARD_WEBHOOK_HEADERS } from './standard-webhooks.signer';
import { mapDeliveryResponse } from './webhook-response.mapper';
import { mapTransportError } from './webhook-transport-error.mapper';

/** The event type of every delivery this connector makes today. */
export const INTERVIEW_CANCELLED_EVENT_TYPE = 'interview.cancelled';

/** Sent as `user-agent` so subscribers can recognise and allow-list the hub. */
export const WEBHOOK_USER_AGENT = 'HR-Connector-Hub/0.1';

/** Per-attempt timeout when `settings.timeoutMs` is not given. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** JSON Schema of a webhook connection's settings, validated at config load. */
export const WEBHOOK_SETTINGS_SCHEMA = {
  type: 'object',
  properties: {
    url: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      description: 'Where deliveries are POSTed; redirects are never followed.',
    },
    timeoutMs: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_WEBHOOK_TIMEOUT_MS,
      description: 'How long one attempt may take before it counts as a TEMPORARY failure.',
    },
    eventTypes: {
      type: 'array',
      items: { type: 'string' },
      default: [INTERVIEW_CANCELLED_EVENT_TYPE],
      description: 'Event types the subscriber receives; others are skipped.',
    },
  },
  required: ['url'],
  additionalProperties: false,
} as const;

/** A webhook connection's settings after defaults. */
export interface WebhookSettings {
  url: URL;
  timeoutMs: number;
  eventTypes: string[];
}

/** The body of one delivery: the Standard Webhooks payload structure around the canonical event. */
export interface WebhookDeliveryPayload {
  type: typeof INTERVIEW_CANCELLED_EVENT_TYPE;
  /** When the cancellation happened (`data.occurredAt`), so every retry sends the same body. */
  timestamp: string;
  data: CancellationEvent;
}

/**
 * Reads settings defensively (defaults applied here too, whether or not the config loader did).
 * Throws INVALID naming the setting at fault.
 */
export function readWebhookSettings(settings: Readonly<Record<string, unknown>>): WebhookSettings {
  const { url, timeoutMs, eventTypes } = settings;
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ConnectorError('INVALID', `settings.url must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1)) {
    throw new ConnectorError('INVALID', `settings.timeoutMs must be a positive integer, got ${JSON.stringify(timeoutMs)}`);
  }
  if (eventTypes !== undefined && (!Array.isArray(eventTypes) || !eventTypes.every((t): t is string => typeof t === 'string'))) {
    throw new ConnectorError('INVALID', 'settings.eventTypes must be an array of strings');
  }
  return {
    url: parsed,
    timeoutMs: timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    eventTypes: eventTypes ?? [INTERVIEW_CANCELLED_EVENT_TYPE],
  };
}

/** Seams for tests and for the hub's wiring; all optional so the registry can `new` the class. */
export interface WebhookConnectorOptions {
  http?: AxiosInstance;
  now?: () => Date;
  /** Which addresses deliveries may reach; until the hub hands over its own (`useOutboundPolicy`), public ones only. */
  outbound?: OutboundPolicy;
}

/**
 * An axios client for deliveries: connects only where `outbound` permits (its agents check every resolved
 * address at connect time), ignores HTTP(S)_PROXY (a proxy would connect instead of the guarded agents), never
 * follows redirects, never throws on status, small answers only.
 */
export function createDeliveryClient(outbound: OutboundPolicy): AxiosInstance {
  return axios.create({
    httpAgent: outbound.httpAgent,
    httpsAgent: outbound.httpsAgent,
    proxy: false,
    maxRedirects: 0,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxContentLength: 1024 * 1024,
    transitional: { clarifyTimeoutError: true },
  });
}

// Operators see this; keep query strings (which may carry subscriber tokens) out of messages.
function redact(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Generic outbound target: POSTs each canonical CancellationEvent to a subscriber's URL, signed
 * per Standard Webhooks with the subscription's `whsec_` secret. `webhook-id` is the effect's
 * idempotency key, so every retry and replay of one delivery carries the same id.
 */
@RegisterConnector('webhook')
export class WebhookConnector implements Connector {
  readonly id = 'webhook';
  readonly system: SourceSystem = 'webhook';
  /** `keyed`: a repeat carries the same `webhook-id`, on which subscribers deduplicate (Standard Webhooks). */
  readonly capabilities: Capabilities = { inbound: [], effects: ['deliverEvent'], unsupported: {}, repeat: { deliverEvent: 'keyed' } };
  /** Subscribers are the hub users' own servers: 50 deliveries a second across all workers unless hub.yaml says otherwise. */
  readonly defaultRateLimit: RateLimit = { max: 50, durationMs: 1000 };
  /** This connector serves API subscriptions (`POST /v1/subscriptions`). */
  readonly subscriptions: SubscriptionTarget = {
    newSecret: generateWebhookSecret,
    connectionFor: (sub, secret) => ({ credentials: { secret }, settings: { url: sub.url, eventTypes: sub.eventTypes } }),
  };
  readonly credentialFields: CredentialField[] = [
    {
      name: 'secret',
      secret: true,
      required: true,
      description: 'Standard Webhooks signing secret (whsec_…) the hub generated when the subscriber registered',
    },
  ];
  readonly settingsSchema: Record<string, unknown> = WEBHOOK_SETTINGS_SCHEMA;

  private http: AxiosInstance;
  private outbound: OutboundPolicy;
  private readonly now: () => Date;
  private readonly customHttp: boolean;

  constructor(options: WebhookConnectorOptions = {}) {
    this.outbound = options.outbound ?? new OutboundPolicy();
    this.customHttp = !!options.http;
    this.http = options.http ?? createDeliveryClient(this.outbound);
    this.now = options.now ?? (() => new Date());
  }

  /** The hub's outbound policy (hub.yaml `outbound`), handed over once at boot. */
  useOutboundPolicy(policy: OutboundPolicy): void {
    this.outbound = policy;
    if (!this.customHttp) this.http = createDeliveryClient(policy);
  }

  parse(): ParsedVendorEvent[] {
    return [{ kind: 'ignored', why: 'the webhook connector is outbound only' }];
  }

  async apply(effect: Effect, conn: Connection): Promise<Receipt> {
    if (effect.type !== 'deliverEvent') {
      throw new ConnectorError('INVALID', `the webhook connector applies only deliverEvent, not ${effect.type}`);
    }
    const settings = readWebhookSettings(conn.settings);
    if (!settings.eventTypes.includes(INTERVIEW_CANCELLED_EVENT_TYPE)) {
      return { outcome: 'not_applicable', detail: `the subscription does not include ${INTERVIEW_CANCELLED_EVENT_TYPE}` };
    }
    const secret = conn.credentials.secret;
    if (!secret) throw new ConnectorError('INVALID', `connection ${conn.tenantId}/${conn.id} has no credentials.secret`);

    const at = this.now();
    const payload: WebhookDeliveryPayload = { type: INTERVIEW_CANCELLED_EVENT_TYPE, timestamp: effect.event.occurredAt, data: effect.event };
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    const timestamp = Math.floor(at.getTime() / 1000);
    let signature: string;
    try {
      signature = signPayload({ secret, msgId: effect.idempotencyKey, timestamp, body });
    } catch (e) {
      throw new ConnectorError('INVALID', `cannot sign delivery for ${conn.tenantId}/${conn.id}: ${(e as Error).message}`);
    }

    const target = redact(settings.url);
    let response: AxiosResponse<string>;
    try {
      const url = this.outbound.checkUrlWithoutDns(settings.url);
      response = await this.http.request<string>({
        method: 'POST',
        url: url.href,
        timeout: settings.timeoutMs,
        data: body,
        headers: {
          'content-type': 'application/json',
          [STANDARD_WEBHOOK_HEADERS.id]: effect.idempotencyKey,
          [STANDARD_WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [STANDARD_WEBHOOK_HEADERS.signature]: signature,
          'user-agent': WEBHOOK_USER_AGENT,
        },
      });
    } catch (e) {
      throw mapTransportError(e, target, settings.timeoutMs);
    }

    const result = mapDeliveryResponse(
      { status: response.status, headers: response.headers as Record<string, unknown>, body: typeof response.data === 'string' ? response.data : '' },
      this.now().getTime(),
    );
    if (result instanceof ConnectorError) {
      throw new ConnectorError(result.kind, `POST ${target}: ${result.message}`, result.details);
    }
    return result;
  }
}
