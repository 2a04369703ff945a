export * from './standard-webhooks.signer';
export * from './webhook-response.mapper';
export * from './webhook.connector';
