export * from './address-classes';
export * from './allow-list';
export * from './host-names';
export * from './outbound-policy';
export * from './outbound-refused.error';
