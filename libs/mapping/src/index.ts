export * from './normalize';
export * from './reason-mapper';
export * from './time';
