/** The K/3 Cloud connector (`kingdee`); connectors/kingdee/K3.md documents the protocol. */
export { KingdeeK3Connector, type K3ConnectorOptions } from './k3.connector';
export { resolveSettings as resolveK3Settings, K3_SETTINGS_SCHEMA, K3_CREDENTIAL_FIELDS, type K3Settings } from './k3-settings';
export { parseK3Event, K3_INTERVIEW_CANCELLED_KIND } from './k3-interview.mapper';
export { loginSign as k3LoginSign } from './k3-sign';
export { hubKey as k3HubKey } from './k3-effects.applier';
