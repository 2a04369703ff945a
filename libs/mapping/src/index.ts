export * from './normalize';
export * from './reason-mapper';
export * from './template';
export * from './time';
