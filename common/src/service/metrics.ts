import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { RequestHandler } from 'express';

/**
 * The metrics of this process (DESIGN §14), on the OpenTelemetry metrics SDK so that traces can share it later: one
 * MeterProvider per process, read by a Prometheus exporter that starts no server of its own. Each service answers
 * `GET /metrics` on its own port ({@link metricsRoute}, added by createServiceApp); neither the gateway nor the ingress
 * routes it (infra/routes.json), so only what scrapes the pods directly can read it.
 *
 * Made at the first {@link meter} call, with no I/O: instruments are created when their module loads, and recording
 * costs a map lookup by attributes and an add (the SDK aggregates in memory until a scrape).
 */
let provider: { exporter: PrometheusExporter; meterProvider: MeterProvider } | undefined;

/**
 * How the exporter writes the series. No target_info series nor otel_scope_name label: they would repeat the same
 * resource and scope on every line; Prometheus's own job and instance labels say which service and pod a series is
 * from. The exporter writes a name with dots as underscores and the unit in a `# UNIT` line, not as a suffix
 * (`http_server_request_duration`), and a counter with `_total`. Exported so that infra/k8s's checks name the series
 * exactly as the services do.
 */
export const PROMETHEUS_EXPORTER_OPTIONS = {
  preventServerStart: true,
  withoutTargetInfo: true,
  withoutScopeInfo: true,
} as const;

function metricsProvider(): { exporter: PrometheusExporter; meterProvider: MeterProvider } {
  if (provider) return provider;
  const exporter = new PrometheusExporter({ ...PROMETHEUS_EXPORTER_OPTIONS });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  provider = { exporter, meterProvider };
  observeRuntime(meterProvider.getMeter('ticketing.runtime'));
  return provider;
}

/** The meter every instrument of ours is made from. */
export function meter(): Meter {
  return metricsProvider().meterProvider.getMeter('ticketing');
}

/** `GET /metrics`: this process's series in Prometheus's text format. */
export const metricsRoute: RequestHandler = (req, res) => {
  metricsProvider().exporter.getMetricsRequestHandler(req, res);
};

/**
 * Histogram boundaries for durations in seconds: OpenTelemetry's advice for `http.server.request.duration` (the SDK's
 * default boundaries are meant for milliseconds).
 */
export const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Boundaries for lags and lateness in seconds, which range from milliseconds to minutes after an outage. */
export const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

/**
 * Node's runtime, read at each scrape only: resident and heap memory, and the event loop delay (p99 over the time
 * since the last scrape, from perf_hooks' sampler, which costs one timer every 20 ms).
 */
function observeRuntime(runtime: Meter): void {
  const memory = runtime.createObservableGauge('process.memory.usage', { unit: 'By', description: 'Memory in use' });
  memory.addCallback((result) => {
    const usage = process.memoryUsage();
    result.observe(usage.rss, { 'process.memory.type': 'rss' });
    result.observe(usage.heapUsed, { 'process.memory.type': 'heap_used' });
    result.observe(usage.heapTotal, { 'process.memory.type': 'heap_total' });
  });
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  const loop = runtime.createObservableGauge('nodejs.eventloop.delay.p99', {
    unit: 's',
    description: 'The 99th percentile of the event loop delay since the last scrape',
  });
  loop.addCallback((result) => {
    result.observe(delay.percentile(99) / 1e9);
    delay.reset();
  });
}
