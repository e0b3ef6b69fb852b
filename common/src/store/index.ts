export * from './mongo-errors';
export * from './versioned-log';
export * from './outbox-relay';
