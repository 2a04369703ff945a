export * from './api-key-policy';
export * from './config-error';
export * from './config.loader';
export * from './config.types';
export * from './env-substitution';
export * from './json-logger';
export * from './tenant-directory';
