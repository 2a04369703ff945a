export { YonyouNcConnector, type YonyouNcConnectorOptions } from './nc.connector';
export { NC_CREDENTIAL_FIELDS, NC_SETTINGS_SCHEMA, resolveSettings as resolveNcSettings, serviceUrl as ncServiceUrl, type NcSettings } from './nc-settings';
export { parseNcEvent } from './nc-event.mapper';
export { cancelledEventId as ncCancelledEventId } from './nc-poller';
export { effectPayload as ncEffectPayload, type NcEffectPayload } from './nc-effect.payload';
export { NC_CANCELLED_KIND, type NcCancelledPayload } from './nc.types';
