export * from './logger';
export * from './config';
export * from './retry';
export * from './start-service';
export * from './run-service';
export * from './periodic-task';
export * from './live-feed';
export * from './redis';
