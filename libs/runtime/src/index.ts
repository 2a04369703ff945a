export * from './core.module';
export * from './pipeline-queues';
export * from './run-process';
export * from './runtime-options';
export * from './runtime.tokens';
export * from './crash-points';
export * from './redis-locks';
