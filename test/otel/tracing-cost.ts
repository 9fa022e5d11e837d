/**
 * What tracing costs, on the real broker: small calls through two client/server pairs in one
 * process, one traced (tracingInterceptor with the SDK and an exporter that drops every span),
 * one not, in interleaved blocks so that both see the same machine. Not a test: run it with
 *
 *   node --import tsx test/otel/tracing-cost.ts [concurrency=128] [blocks=20] [callsPerBlock=2000]
 *
 * and read the ratio it prints (docs/observability.md, "Cost").
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { connect, silentLogger, type Interceptor } from '@warren/runtime';
import { tracingInterceptor } from '@warren/runtime/otel';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { AMQP_URL, deleteQueues, uniqueQueue } from '../support/broker.js';

const [concurrency = 128, blocks = 20, perBlock = 2000] = process.argv.slice(2).map(Number);
const dropAll: SpanExporter = { export: (_spans, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => {} };
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropAll)] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

async function pair(interceptors: Interceptor[] | undefined) {
  const queue = uniqueQueue('trace-cost');
  const serverConn = await connect(AMQP_URL, { logger: silentLogger, interceptors });
  const clientConn = await connect(AMQP_URL, { logger: silentLogger, interceptors });
  const server = await serveCalculator(serverConn, { calculate: (r) => ({ result: r.n * 2n }), evaluate: () => ({ value: 0, steps: [] }), async *evaluateSteps() {} }, { queue, concurrency: 256 });
  const client = new CalculatorClient(clientConn, { queue, timeoutMs: 30_000 });
  return {
    ms: 0,
    calls: 0,
    async run(n: number) {
      let next = 0;
      const worker = async () => {
        while (next++ < n) await client.calculate({ n: 21n });
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    },
    async close() {
      await client.close();
      await server.close({ timeoutMs: 1_000 });
      await clientConn.close();
      await serverConn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    },
  };
}

const off = await pair(undefined);
const on = await pair([tracingInterceptor()]);
await off.run(2_000);
await on.run(2_000);
for (let b = 0; b < blocks; b++) {
  for (const p of b % 2 ? [on, off] : [off, on]) {
    const started = performance.now();
    await p.run(perBlock);
    p.ms += performance.now() - started;
    p.calls += perBlock;
  }
}
const rate = (p: typeof on) => Math.round((p.calls / p.ms) * 1000);
console.log(`c=${concurrency}: tracing off ${rate(off)} calls/s, on ${rate(on)} calls/s: on/off ${(rate(on) / rate(off)).toFixed(3)}`);
await on.close();
await off.close();
await provider.shutdown();
