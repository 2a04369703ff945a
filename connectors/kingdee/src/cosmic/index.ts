/** The 金蝶云苍穹/星瀚 connector (`kingdee-cosmic`); connectors/kingdee/COSMIC.md documents the protocol. */
export { KingdeeCosmicConnector, type CosmicConnectorOptions } from './cosmic.connector';
export { parseCosmicEvent } from './cosmic-event.mapper';
export { cosmicBillKey } from './cosmic-bill';
export { resolveSettings as resolveCosmicSettings, COSMIC_SETTINGS_SCHEMA, COSMIC_CREDENTIAL_FIELDS, type CosmicSettings } from './cosmic-settings';
export { COSMIC_CANCELLED_KIND } from './cosmic-poller';
