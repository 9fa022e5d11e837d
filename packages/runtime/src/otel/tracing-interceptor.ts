import {
  context,
  defaultTextMapSetter,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type TextMapPropagator,
  type TracerProvider,
} from '@opentelemetry/api';
import { RpcError } from '../rpc-error.js';
import type { Interceptor } from '../interceptors/interceptor.js';
import type { StatusCode } from '../status-code.js';
import { headerGetter } from './header-getter.js';
import { Attr } from './rpc-attributes.js';
import { rpcMethod } from './rpc-method.js';

/** Options for {@link tracingInterceptor}. */
export interface TracingOptions {
  /** Where spans go. Default: the global provider (`trace.getTracerProvider()`), as the SDK registers it. */
  tracerProvider?: TracerProvider;
  /**
   * How trace context is written to and read from AMQP headers. Default: the global
   * propagator (W3C `traceparent` / `tracestate` once an SDK is registered).
   */
  propagator?: TextMapPropagator;
}

/** Server-side codes that are the caller's doing, not the server's: no ERROR status on a SERVER span (as for gRPC). */
const CALLER_FAULTS: ReadonlySet<StatusCode> = new Set<StatusCode>([
  'CANCELLED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNAUTHENTICATED',
]);
const FOREVER = 8.64e15;

/**
 * OpenTelemetry tracing for warren, as an interceptor: a CLIENT span per call (covering every
 * attempt) and a SERVER span per handled request, one trace across services. The client
 * writes the trace context into the request's AMQP headers; the server reads it back, as
 * strings or byte arrays. Give it to `connect({ interceptors: [tracingInterceptor()] })` to
 * trace every client and server on the connection. Depends only on `@opentelemetry/api`:
 * bring your own SDK. See docs/observability.md for the attributes.
 */
export function tracingInterceptor(options: TracingOptions = {}): Interceptor {
  // Looked up once: the global provider is a proxy that follows an SDK registered later.
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer('@warren/runtime');
  const propagator = options.propagator ?? propagation;
  return {
    name: 'tracing',
    async client(call, next) {
      const method = rpcMethod(call.service, call.method.fullName);
      const parent = context.active();
      const span = tracer.startSpan(
        method,
        {
          kind: SpanKind.CLIENT,
          attributes: attributesOf(method, call.queue, call.correlationId, Attr.timeout, call.timeoutMs, Attr.deadline, call.deadline),
        },
        parent,
      );
      const active = trace.setSpan(parent, span);
      propagator.inject(active, call.headers, defaultTextMapSetter);
      try {
        const value = await context.with(active, next);
        finish(span, 'OK', true);
        return value;
      } catch (err) {
        finish(span, err, true);
        throw err;
      } finally {
        if (call.attempt > 1) span.setAttribute(Attr.attempts, call.attempt);
        span.end();
      }
    },
    async server(call, next) {
      const method = rpcMethod(call.service, call.method.fullName);
      const ctx = call.context;
      const parent = propagator.extract(context.active(), call.headers, headerGetter);
      const deadline = ctx.deadline.getTime();
      const attributes = attributesOf(method, call.queue, ctx.correlationId, Attr.redelivered, ctx.redelivered, Attr.deliveryCount, ctx.deliveryCount);
      if (deadline < FOREVER) attributes[Attr.deadline] = deadline;
      const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
      try {
        const value = await context.with(trace.setSpan(parent, span), next);
        finish(span, 'OK', false);
        return value;
      } catch (err) {
        finish(span, err, false);
        throw err;
      } finally {
        span.end();
      }
    },
  };
}

/** The attributes both sides set, and two of the side's own: one object literal, no spreads. */
function attributesOf(method: string, queue: string, correlationId: string, k1: string, v1: number | boolean, k2: string, v2: number | boolean): Attributes {
  return {
    [Attr.rpcSystem]: 'warren',
    [Attr.rpcMethod]: method,
    [Attr.messagingSystem]: 'rabbitmq',
    [Attr.destination]: '', // the default exchange: requests are routed by queue name
    [Attr.routingKey]: queue,
    [Attr.conversationId]: correlationId,
    [k1]: v1,
    [k2]: v2,
  };
}

/** Records the outcome: the status code always, and an error's code as `error.type` with ERROR status. */
function finish(span: Span, outcome: unknown, client: boolean): void {
  const code: StatusCode = outcome === 'OK' ? 'OK' : outcome instanceof RpcError ? outcome.code : 'UNKNOWN';
  span.setAttribute(Attr.rpcStatus, code);
  if (code === 'OK') return;
  span.setAttribute(Attr.errorType, code);
  if (client || !CALLER_FAULTS.has(code)) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome instanceof Error ? outcome.message : code });
  }
}
