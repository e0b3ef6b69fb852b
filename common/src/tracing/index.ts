/**
 * The tracing entry of a process (DESIGN §14): `@ticketing/common/tracing`, loaded by each service's `src/tracing.ts`,
 * which its `src/index.ts` imports before anything else. It imports nothing but this folder, because the
 * instrumentations patch `require`: express, mongoose's driver and ioredis must be loaded after {@link startTracing}.
 */

/** How a started SDK is stopped: flushing the spans still batched. */
let running: { shutdown(): Promise<void> } | undefined;

/** Where traces go: the OTLP endpoint of the environment, or nothing when none is set. */
export function tracesEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
}

/**
 * Starts the OpenTelemetry SDK for this process when an OTLP endpoint is set (`OTEL_EXPORTER_OTLP_ENDPOINT`, as the
 * OpenTelemetry demo and eShop do), with `serviceName` as the resource's `service.name`. Without one it loads
 * nothing and starts nothing: the API then answers every span, context and propagation call with its no-op, which
 * costs the request path nothing measurable (bench/RESULTS.md). Returns whether tracing started.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (running || !tracesEndpoint(env)) return running !== undefined;
  // Loaded only here, synchronously (the instrumentations must hook `require` before the service's modules load): a
  // process that exports no traces never loads the SDK, its exporters and its instrumentations.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTracingSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  running = startTracingSdk(serviceName);
  return true;
}

/** Flushes and stops tracing, if it started (the shutdown of runService, after the service stopped). */
export async function stopTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown();
}
