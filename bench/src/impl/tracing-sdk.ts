/**
 * The OpenTelemetry SDK as a traced benchmark child registers it: what docs/observability.md
 * tells users to wire (BasicTracerProvider + BatchSpanProcessor, AsyncLocalStorage context,
 * W3C propagator), with an exporter that drops every span, so the cost measured is warren's
 * and the SDK's span work, not an exporter's network I/O. Loaded only by the
 * `warren-queue-traced` children (child.ts), so the other contenders never load the SDK.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Interceptor } from '@warren/runtime';
import { tracingInterceptor } from '@warren/runtime/otel';

const dropAll: SpanExporter = {
  export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => {},
};

/** Registers the SDK globally (once per process) and returns the interceptors to connect with. */
export function registerTracing(): Interceptor[] {
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropAll)] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return [tracingInterceptor()];
}
