/** The YonBIP / YonSuite connector (`yonyou`); connectors/yonyou/BIP.md documents the protocol. */
// Names are prefixed: connectors/yonyou/src/index.ts re-exports this folder beside ./nc and ./u8.
export { YonyouBipConnector, type BipConnectorOptions } from './bip.connector';
export { verifyBipWebhook, EVENT_CENTER_CHANNEL as BIP_EVENT_CENTER_CHANNEL } from './bip-webhook.verifier';
export { parseBipEvent } from './bip-event.mapper';
export { resolveSettings as resolveBipSettings, type BipSettings } from './bip-settings';
export { BIP_SETTINGS_SCHEMA, BIP_CREDENTIAL_FIELDS } from './bip-settings.schema';
export { BIP_UNSUPPORTED_EFFECTS } from './bip-effects.applier';
export { CANDIDATE_CANCELLED_KIND as BIP_CANDIDATE_CANCELLED_KIND, type BipCancelledPayload } from './bip.types';
