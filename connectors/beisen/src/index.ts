/** Beisen iTalent (北森): the `beisen` connector. */
export { BeisenConnector, type BeisenConnectorOptions } from './beisen.connector';
export { tokenExpiry } from './beisen-token';
export { readEnvelope } from './beisen-envelope';
