export * from './conformance-kit';
export * from './fake-vendor.server';
