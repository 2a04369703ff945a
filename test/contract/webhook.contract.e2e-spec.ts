import { OutboundPolicy } from '@hub/connector-sdk';
import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { generateWebhookSecret, WebhookConnector } from '@hub/connectors/webhook';
import { newUlid } from '@hub/schema';
import { sampleEvent } from '../../libs/schema/src/testing/sample-cancellation-event';
import { TestSubscriber } from '../support/subscriber';

/** The generic webhook target against a signature-checking subscriber, through the shared conformance suite. */
const subscriber = new TestSubscriber();
const loopbackAllowed = new OutboundPolicy({ allow: ['127.0.0.1'] }); // the subscriber listens on loopback

describeConnectorConformance(
  'webhook',
  async () => {
    await subscriber.start();
    subscriber.secret = generateWebhookSecret();
    return {
      connector: new WebhookConnector({ outbound: loopbackAllowed }),
      connection: { tenantId: 'contract', id: 'sub_contract', connector: 'webhook', credentials: { secret: subscriber.secret }, settings: { url: subscriber.url } },
      sampleEvent: async () => ({ ...sampleEvent(), id: newUlid() }),
      effectParams: {},
      // Applications of a keyed delivery: distinct webhook-ids the subscriber accepted for that event.
      applications: async (effect) => new Set(subscriber.received.filter((r) => r.status < 300 && r.event.id === effect.event.id).map((r) => r.webhookId)).size,
      failNext: async (kind, times) => {
        subscriber.script = Array(times).fill(kind === 'server_error' ? 500 : 429);
      },
      refusedCredentials: () => ({
        connector: new WebhookConnector({ outbound: loopbackAllowed }),
        connection: { tenantId: 'contract', id: 'sub_contract', connector: 'webhook', credentials: { secret: generateWebhookSecret() }, settings: { url: subscriber.url } },
      }),
    };
  },
  () => subscriber.close(),
);
