import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/**
 * The W3C trace context of a piece of work, as it travels with an event: in its outbox entry, as NATS message headers,
 * in a BullMQ job's data (DESIGN §14). Empty when no trace is active, and always when the process exports no traces
 * (the API's propagator is then a no-op), so that what is stored stays as it was before tracing existed.
 */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The tracer of our own spans (the instrumentations have theirs). */
export function tracer() {
  return trace.getTracer('ticketing');
}

/** The active trace context, to store with work done later or elsewhere; `{}` when there is none. */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const { traceparent, tracestate } = carrier;
  if (!traceparent) return {};
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The context a carrier continues; `fallback` (by default the active one) when it carries none. */
export function contextOf(carrier: TraceCarrier | undefined, fallback: Context = context.active()): Context {
  if (!carrier?.traceparent) return fallback;
  const fields: Record<string, string> = { traceparent: carrier.traceparent };
  if (carrier.tracestate) fields.tracestate = carrier.tracestate;
  return propagation.extract(ROOT_CONTEXT, fields);
}

/**
 * Runs `work` in a new active span, a child of `parent` (default: the active context), and ends it: with an error
 * status when `work` throws (rethrown). A no-op span when the process exports no traces.
 */
export function inSpan<T>(
  name: string,
  options: { kind: SpanKind; attributes?: Attributes; parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const { parent = context.active(), ...spanOptions } = options;
  return tracer().startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed with the error. */
export function markFailed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/**
 * The ids a log line carries (pino's mixin): `trace_id` and `span_id` of the active span, or nothing. A new object
 * each time: pino merges the line's own fields into it.
 */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

export { ROOT_CONTEXT, SpanKind };
