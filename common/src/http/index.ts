export * from './create-app';
export * from './error-handler';
export * from './not-found';
export * from './validate';
export * from './session';
export * from './ids';
export * from './idempotency-key';
export * from './session-revocations';
