export * from './cancellation-event';
export * from './cancellation-event.validator';
export * from './canonical-status';
export * from './reason-taxonomy';
export * from './ulid';
