import { describeConnectorConformance } from '@hub/connector-sdk/testing';
import { generateWebhookSecret, WebhookConnector } from '@hub/connectors/webhook';
import { sampleEvent } from '../../libs/schema/src/testing/sample-cancellation-event';
import { TestSubscriber } from '../support/subscriber';

/** The generic webhook target against a signature-checking subscriber, through the shared conformance suite. */
const subscriber = new TestSubscriber();

describeConnectorConformance(
  'webhook',
  async () => {
    await subscriber.start();
    subscriber.secret = generateWebhookSecret();
    return {
      connector: new WebhookConnector(),
      connection: { tenantId: 'contract', id: 'sub_contract', connector: 'webhook', credentials: { secret: subscriber.secret }, settings: { url: subscriber.url } },
      sampleEvent: async () => sampleEvent(),
      effectParams: {},
      failNext: async (kind, times) => {
        subscriber.script = Array(times).fill(kind === 'server_error' ? 500 : 429);
      },
    };
  },
  () => subscriber.close(),
);
