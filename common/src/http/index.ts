export * from './create-app';
// For its typing of `req.id` and `req.log` on every Express request of a service.
export type {} from './request-log';
export * from './error-handler';
export * from './not-found';
export * from './validate';
export * from './session';
export * from './ids';
export * from './id-param';
export * from './idempotency-key';
export * from './event-stream';
export * from './session-revocations';
export * from './page-query';
export * from './client-address';
export * from './queue-pass';
export * from './waiting-room';
