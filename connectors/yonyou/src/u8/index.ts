// Every name exported here is U8-prefixed: connectors/yonyou/src/index.ts re-exports bip, nc and u8 side by side.
export { YonyouU8Connector, type U8ConnectorOptions } from './u8.connector';
export { U8ApiClient } from './u8-api.client';
export { U8_UNSUPPORTED_EFFECTS } from './u8-effects.applier';
export { DEFAULT_U8_ERRCODES, errcodeKind as u8ErrcodeKind, u8Failure, type U8ErrcodeSettings } from './u8-errors';
export { businessKey as u8BusinessKey } from './u8-record.builder';
export { resolveU8Settings, U8_SETTINGS_SCHEMA, U8_CREDENTIAL_FIELDS, DEFAULT_U8_EFFECTS, type U8Settings, type U8ResourceMapping } from './u8-settings';
