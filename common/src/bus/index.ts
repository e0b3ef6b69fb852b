export * from './names';
export * from './connect-bus';
export * from './publish';
export * from './listener';
export * from './dead-letters';
export * from './failure-kinds';
export * from './subscribe-live';
