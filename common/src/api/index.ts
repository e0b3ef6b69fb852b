// The JSON answers of the HTTP API, one file per resource. Types only, so that the web client can take them with
// `import type` and ship none of common's server code.
export * from './status-change';
export * from './ticket';
export * from './event';
export * from './order';
export * from './charge';
export * from './user';
export * from './queue';
