// bench/tracing-calls.js (issue 28): what tracing adds to the request path of a process that exports no traces (no
// OTEL_EXPORTER_OTLP_ENDPOINT: the SDK is not loaded and the OpenTelemetry API answers with its no-ops), call by call,
// in CPU time (process.cpuUsage, so that other processes on the machine change it less than wall time): the log
// line's mixin (once per log line: one per request), the trace context taken for an outbox entry or a job (once per
// change), a span around a publish or a delivery (once per event), against an empty async call.
//   node bench/tracing-calls.js [--calls 1000000]
// Needs a build (npx tsc -b).
const pino = require('pino');
const { Writable } = require('node:stream');
const { activeTraceIds, currentTraceCarrier, inSpan, SpanKind } = require('../common/dist/tracing/trace-context');

const i = process.argv.indexOf('--calls');
const CALLS = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;

/** CPU nanoseconds per call of `fn` (awaited when it returns a promise), after a warm-up of a tenth. */
async function cpuPerCall(fn) {
  for (let n = 0; n < CALLS / 10; n++) await fn();
  const start = process.cpuUsage();
  for (let n = 0; n < CALLS; n++) await fn();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / CALLS;
}

async function main() {
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  const plain = pino({ base: { service: 'bench' } }, sink);
  const mixed = pino({ base: { service: 'bench' }, mixin: activeTraceIds }, sink);
  const cases = [
    ['an empty async call (the yardstick)', async () => 1],
    ['activeTraceIds() (the logger mixin)', activeTraceIds],
    ['currentTraceCarrier() (an outbox entry, a job)', currentTraceCarrier],
    [
      'inSpan(…) around an empty async call (a publish, a delivery)',
      () => inSpan('x publish', { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'nats' } }, async () => 1),
    ],
    ['a log line, pino without the mixin', () => plain.info({ route: '/api/orders' }, 'request')],
    ['a log line, pino with the mixin', () => mixed.info({ route: '/api/orders' }, 'request')],
  ];
  console.log(`${CALLS} calls each, CPU time per call\n\n| call | CPU ns/call |\n|---|---|`);
  for (const [name, fn] of cases) console.log(`| ${name} | ${(await cpuPerCall(fn)).toFixed(0)} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
