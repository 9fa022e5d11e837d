/// <reference types="node" preserve="true" />
/**
 * @warren/runtime/otel: OpenTelemetry tracing and metrics for warren clients and servers, built on
 * interceptors. Needs `@opentelemetry/api` (an optional peer dependency of @warren/runtime)
 * and an SDK of your choice. See docs/observability.md.
 */
export { tracingInterceptor, type TracingOptions } from './tracing-interceptor.js';
export { metricsInterceptor, type MetricsOptions } from './metrics-interceptor.js';
export { observeStats, type ObservedStats } from './observe-stats.js';
