import { metrics, type Attributes, type Histogram, type MeterProvider } from '@opentelemetry/api';
import { RpcError } from '../rpc-error.js';
import type { Interceptor } from '../interceptors/interceptor.js';
import { Attr } from './rpc-attributes.js';
import { rpcMethod } from './rpc-method.js';

/** Options for {@link metricsInterceptor}. */
export interface MetricsOptions {
  /** Where measurements go. Default: the global provider (`metrics.getMeterProvider()`), looked up at the first call. */
  meterProvider?: MeterProvider;
}

/** The semantic conventions' advice for duration histograms, seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * OpenTelemetry metrics for warren, as an interceptor: the RPC semantic conventions'
 * `rpc.client.call.duration` and `rpc.server.call.duration` histograms (seconds), one
 * measurement per call with `rpc.system.name`, `rpc.method`, `rpc.response.status_code` and,
 * on failure, `error.type`: durations per method and outcome, and counts by status code
 * (the histograms' counts). See docs/observability.md.
 */
export function metricsInterceptor(options: MetricsOptions = {}): Interceptor {
  let instruments: { client: Histogram; server: Histogram } | undefined;
  const histograms = () => {
    if (instruments) return instruments;
    const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter('@warren/runtime');
    const make = (name: string, description: string) => meter.createHistogram(name, { unit: 's', description, advice: { explicitBucketBoundaries: BUCKETS } });
    return (instruments = {
      client: make('rpc.client.call.duration', 'Duration of RPC calls made, from the call to its reply or error, all attempts included.'),
      server: make('rpc.server.call.duration', 'Duration of RPC requests handled, from the handler chain\'s start to its reply or error.'),
    });
  };
  const measure = async <Res>(histogram: Histogram, service: string, fullName: string, next: () => Promise<Res>): Promise<Res> => {
    const started = performance.now();
    let code = 'OK';
    try {
      return await next();
    } catch (err) {
      code = err instanceof RpcError ? err.code : 'UNKNOWN';
      throw err;
    } finally {
      const attributes: Attributes = { [Attr.rpcSystem]: 'warren', [Attr.rpcMethod]: rpcMethod(service, fullName), [Attr.rpcStatus]: code };
      if (code !== 'OK') attributes[Attr.errorType] = code;
      histogram.record((performance.now() - started) / 1000, attributes);
    }
  };
  return {
    name: 'metrics',
    client: (call, next) => measure(histograms().client, call.service, call.method.fullName, next),
    server: (call, next) => measure(histograms().server, call.service, call.method.fullName, next),
  };
}
