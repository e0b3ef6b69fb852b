export * from './names';
export * from './connect-bus';
export * from './publish';
export * from './listener';
export * from './subscribe-live';
