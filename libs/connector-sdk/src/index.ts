export * from './base-connector';
export * from './connection';
export * from './connector';
export * from './connector-errors';
export * from './connector.registry';
export * from './effects';
export * from './token-cache';
export * from './vendor-event';
