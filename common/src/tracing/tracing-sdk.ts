import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** Requests that say nothing about the work (the orchestrator's probes, Prometheus's scrapes): no span. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function isUntraced(request: IncomingMessage): boolean {
  return UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? '');
}

/**
 * The SDK of a process that exports traces: HTTP server and client (Stripe's SDK calls through node:https), Express's
 * routes and middlewares, the MongoDB driver under mongoose, and ioredis; W3C trace context and baggage as the
 * propagators (the SDK's default); a batch span processor (its delay from `OTEL_BSP_SCHEDULE_DELAY`) sending
 * OTLP/HTTP JSON to `OTEL_EXPORTER_OTLP_ENDPOINT`/v1/traces.
 *
 * Traces only: the metrics are served to Prometheus by common's own MeterProvider (service/metrics.ts), and logs go
 * to stdout with their trace ids (service/logger.ts), so no metric reader nor log exporter is made here. Database and
 * Redis commands are traced only inside a span: the pollers' commands (BullMQ's blocking reads, the outbox sweeps,
 * the metrics' counts) would otherwise each be a trace of their own.
 */
export function startTracingSdk(serviceName: string): NodeSDK {
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: isUntraced }),
      // Routers and route handlers, not every middleware (helmet, the JSON parser…): a span each would say little.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new MongoDBInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return sdk;
}
