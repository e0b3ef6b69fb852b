import { startTracing } from '@ticketing/common/tracing';

// Imported first by src/index.ts: the instrumentations patch `require`, so tracing starts before express, mongoose
// and ioredis load. Without OTEL_EXPORTER_OTLP_ENDPOINT it starts nothing.
startTracing('orders');
