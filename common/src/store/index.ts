export * from './mongo-errors';
export * from './versioned-schema';
export * from './define-model';
export * from './entity-store';
export * from './replica-store';
export * from './outbox-relay';
export * from './outbox-pending';
export * from './idempotency-keys';
