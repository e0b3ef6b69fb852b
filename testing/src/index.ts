/**
 * Test helpers shared by every workspace's tests (STYLE, Tests): real engines, real bus, real sessions; no mocks of our
 * code. Import from `@ticketing/testing`, as a devDependency, in tests only: no production image ships it.
 */
export * from './eventually';
export * from './engines';
export * from './run-engines';
export * from './bus-helpers';
export * from './bus-credentials';
export * from './session-cookie';
export * from './eticket-key';
export * from './queue-pass-key';
export * from './free-port';
export * from './service-process';
export * from './freeze-process';
export * from './test-service';
export * from './database-commands';
export * from './event-stream-client';
export * from './test-redis';
export * from './listener-replica';
export * from './run-script';
export * from './prometheus-text';
export * from './otlp-receiver';
