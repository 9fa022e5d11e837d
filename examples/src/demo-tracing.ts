// `npm run demo -- --trace`: the OpenTelemetry SDK wired as docs/observability.md shows, with
// an exporter that keeps each finished span as a plain record, and a printer that draws the
// spans of one trace as a tree. The demo's service process sends its records to the caller
// over stdout (one `span {json}` line each), so the tree shows both processes.
import { context, propagation, SpanKind, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Interceptor } from '@warren/runtime';
import { tracingInterceptor } from '@warren/runtime/otel';

/** A finished span, as the demo prints it. */
export interface SpanRecord {
  process: string;
  traceId: string;
  spanId: string;
  parentId: string | undefined;
  kind: string;
  name: string;
  startMs: number;
  durationMs: number;
  attributes: Record<string, unknown>;
}

/** What {@link startTracing} returns. */
export interface DemoTracing {
  /** For `connect({ interceptors })` or `memory({ interceptors })`. */
  interceptors: Interceptor[];
  tracer: Tracer;
  /** The spans finished so far in this process. */
  spans: SpanRecord[];
  shutdown(): Promise<void>;
}

const millis = ([s, ns]: [number, number]) => s * 1e3 + ns / 1e6;

function recordOf(span: ReadableSpan, process: string): SpanRecord {
  return {
    process,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentId: span.parentSpanContext?.spanId,
    kind: SpanKind[span.kind],
    name: span.name,
    startMs: millis(span.startTime),
    durationMs: millis(span.duration),
    attributes: { ...span.attributes },
  };
}

/** Registers the SDK globally; `onSpan` also hears each span as it ends. */
export function startTracing(processName: string, onSpan?: (span: SpanRecord) => void): DemoTracing {
  const spans: SpanRecord[] = [];
  const exporter: SpanExporter = {
    export(finished, done) {
      for (const span of finished) {
        const record = recordOf(span, processName);
        spans.push(record);
        onSpan?.(record);
      }
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
  };
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return { interceptors: [tracingInterceptor()], tracer: provider.getTracer('warren-demo'), spans, shutdown: () => provider.shutdown() };
}

/** Prints each trace as a tree: parent before children, children by start time. */
export function printTraces(spans: readonly SpanRecord[], print: (line: string) => void): void {
  const byParent = new Map<string | undefined, SpanRecord[]>();
  const ids = new Set(spans.map((s) => s.spanId));
  for (const span of [...spans].sort((a, b) => a.startMs - b.startMs)) {
    const parent = span.parentId !== undefined && ids.has(span.parentId) ? span.parentId : undefined;
    byParent.set(parent, [...(byParent.get(parent) ?? []), span]);
  }
  const t0 = Math.min(...spans.map((s) => s.startMs));
  const walk = (span: SpanRecord, depth: number) => {
    // The status code and the correlation id; docs/observability.md lists every attribute.
    const status = span.attributes['rpc.response.status_code'];
    const id = span.attributes['messaging.message.conversation_id'];
    print(
      `${'  '.repeat(depth)}${span.kind} ${span.name} [${span.process}] span ${span.spanId}: ` +
        `at +${(span.startMs - t0).toFixed(1)} ms for ${span.durationMs.toFixed(2)} ms` +
        (status === undefined ? '' : `, ${String(status)}, correlation id ${String(id)}`),
    );
    for (const child of byParent.get(span.spanId) ?? []) walk(child, depth + 1);
  };
  for (const root of byParent.get(undefined) ?? []) {
    print(`trace ${root.traceId}`);
    walk(root, 1);
  }
}
