import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

/**
 * The W3C trace context of the work under way (`traceparent`, and `tracestate` when there is one),
 * carried with an event so that whoever handles it continues the same trace. Empty without tracing.
 */
export type TraceCarrier = Record<string, string>;

const tracer = () => trace.getTracer('@ticketing/common');

/** The active trace context, to keep with an event or a timer; null when nothing is traced. */
export function currentTraceCarrier(): TraceCarrier | null {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length > 0 ? carrier : null;
}

/** The context a carrier names (the active one when it names none), for work that continues it. */
export function contextOf(carrier: TraceCarrier | null | undefined): Context {
  return carrier ? propagation.extract(context.active(), carrier) : context.active();
}

/**
 * Runs `work` in a span of its own, a child of the trace `carrier` names (or of the active span):
 * the span ends when the work settles, marked as an error if it throws.
 */
export async function inSpan<T>(
  name: string,
  options: { kind: SpanKind; parent?: TraceCarrier | null; attributes?: Record<string, string | number> },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { kind: options.kind, attributes: options.attributes }, contextOf(options.parent), async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** `{trace_id, span_id}` of the active span, for a log line; empty outside any. */
export function activeSpanFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  if (!trace.isSpanContextValid(span.spanContext())) return {};
  return { trace_id: traceId, span_id: spanId };
}

export { SpanKind };
