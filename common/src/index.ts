export * from './errors';
export * from './events';
export * from './bus';
export * from './store';
export * from './http';
export * from './service';
export * from './api';
export * from './tracing/trace-context';
