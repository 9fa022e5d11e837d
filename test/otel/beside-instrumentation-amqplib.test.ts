/**
 * warren's tracing beside @opentelemetry/instrumentation-amqplib, which a user may run: it
 * wraps amqplib's publish and consume, adds PRODUCER and CONSUMER spans and injects
 * `traceparent` into the headers object it is given. The trace must stay connected, and no
 * request may carry another's trace context (a headers object reused across publishes would).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager().enable();
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(contextManager);
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
// It patches amqplib as it is required (the constructor enables it): before warren, and so
// amqplib, is loaded. Hence the dynamic imports below, after these lines.
const instrumentation = new AmqplibInstrumentation();
instrumentation.setTracerProvider(provider);

const { tracingInterceptor } = await import('@warren/runtime/otel');
const { CalculatorClient, serveCalculator } = await import('../../generated/calculator.js');
const { calculatorHandlers } = await import('../../examples/src/calculator-handlers.js');
const { deleteQueues, testConnection, uniqueQueue } = await import('../support/broker.js');
type Connection = Awaited<ReturnType<typeof testConnection>>;

const CALCULATE = 'calculator.v1.Calculator/Calculate';
/** The amqplib @warren/runtime loads (its package.json `exports` hides lib/: by path). */
const amqplibDir = path.dirname(createRequire(createRequire(import.meta.url).resolve('@warren/runtime')).resolve('amqplib'));

function spansOf(kind: SpanKind, name?: string): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((s) => s.kind === kind && (name === undefined || s.name === name));
}

/** Waits until `count` spans of `kind` have ended (the SERVER and CONSUMER spans end after the reply). */
async function waitFor(kind: SpanKind, count: number): Promise<void> {
  for (let i = 0; i < 200 && spansOf(kind).length < count; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(spansOf(kind).length >= count, `${count} ${SpanKind[kind]} span(s); got ${exporter.getFinishedSpans().map((s) => `${SpanKind[s.kind]} ${s.name}`).join(', ')}`);
}

function traceIdOf(traceparent: unknown): string | undefined {
  const text = traceparent instanceof Uint8Array ? Buffer.from(traceparent).toString() : traceparent;
  return typeof text === 'string' ? text.split('-')[1] : undefined;
}

describe('warren tracing beside @opentelemetry/instrumentation-amqplib', () => {
  const queue = uniqueQueue('otel-amqplib');
  /** The `traceparent` of each request the server handled, in order (undefined when none). */
  const received: unknown[] = [];
  let tracedConn: Connection;
  let plainConn: Connection;
  let serverConn: Connection;
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    tracedConn = await testConnection({ interceptors: [tracingInterceptor()] });
    plainConn = await testConnection(); // no interceptors: requests without headers of their own
    serverConn = await testConnection({ interceptors: [tracingInterceptor()] });
    const server = await serveCalculator(serverConn, calculatorHandlers, {
      queue,
      interceptors: [{ name: 'record', server: (call, next) => (received.push(call.headers.traceparent), next()) }],
    });
    closers.push(() => server.close({ timeoutMs: 500 }));
  });

  after(async () => {
    for (const close of closers) await close();
    for (const conn of [tracedConn, plainConn, serverConn]) await conn.close();
    await deleteQueues(queue, `${queue}.dead-letter`);
    instrumentation.disable();
    contextManager.disable();
  });

  beforeEach(() => {
    exporter.reset();
    received.length = 0;
  });

  it('patches the amqplib warren loads', () => {
    const { Channel, ConfirmChannel } = createRequire(import.meta.url)(path.join(amqplibDir, 'lib/channel_model.js')) as Record<string, { prototype: { publish: { __wrapped?: boolean } } }>;
    assert.equal(Channel!.prototype.publish.__wrapped, true, 'Channel.prototype.publish wrapped');
    assert.equal(ConfirmChannel!.prototype.publish.__wrapped, true, 'ConfirmChannel.prototype.publish wrapped');
  });

  it('a traced call: its PRODUCER and CONSUMER spans sit between warren\'s CLIENT and SERVER spans, one trace', async () => {
    const calc = new CalculatorClient(tracedConn, { queue, timeoutMs: 5_000 });
    closers.push(() => calc.close());
    const rootTrace = await tracer().startActiveSpan('request from a user', async (root) => {
      assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n });
      root.end();
      return root.spanContext().traceId;
    });
    await waitFor(SpanKind.SERVER, 1);
    await waitFor(SpanKind.CONSUMER, 1);
    const [client] = spansOf(SpanKind.CLIENT, CALCULATE);
    const [server] = spansOf(SpanKind.SERVER, CALCULATE);
    const request = spansOf(SpanKind.PRODUCER).find((s) => s.attributes['messaging.rabbitmq.routing_key'] === queue);
    const consumed = spansOf(SpanKind.CONSUMER).find((s) => s.name === `${queue} process`);
    assert.ok(client && server && request && consumed, `CLIENT, SERVER, the request's PRODUCER and CONSUMER spans; got ${exporter.getFinishedSpans().map((s) => `${SpanKind[s.kind]} ${s.name}`).join(', ')}`);
    for (const span of [client, server, request, consumed]) assert.equal(span.spanContext().traceId, rootTrace, `${SpanKind[span.kind]} ${span.name} in the caller's trace`);
    assert.equal(request.parentSpanContext?.spanId, client.spanContext().spanId, 'the publish happens inside the CLIENT span');
    // The instrumentation replaced warren's traceparent with its PRODUCER span's: the SERVER span hangs under that.
    assert.equal(server.parentSpanContext?.spanId, request.spanContext().spanId, 'the SERVER span is the PRODUCER span\'s child');
    assert.equal(traceIdOf(received[0]), rootTrace);
  });

  it('a traced call outside any span afterwards starts a trace of its own', async () => {
    const calc = new CalculatorClient(tracedConn, { queue, timeoutMs: 5_000 });
    closers.push(() => calc.close());
    await tracer().startActiveSpan('first', async (root) => {
      await calc.calculate({ n: 1n });
      root.end();
    });
    await calc.calculate({ n: 3n });
    await waitFor(SpanKind.SERVER, 2);
    const clients = spansOf(SpanKind.CLIENT, CALCULATE);
    const servers = spansOf(SpanKind.SERVER, CALCULATE);
    assert.equal(clients.length, 2);
    const [first, second] = clients.sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    assert.equal(second!.parentSpanContext, undefined, 'the second call has no parent');
    assert.notEqual(second!.spanContext().traceId, first!.spanContext().traceId);
    assert.deepEqual(received.map(traceIdOf), [first!.spanContext().traceId, second!.spanContext().traceId], 'each request carried its own call\'s trace');
    assert.deepEqual(servers.map((s) => s.spanContext().traceId).sort(), [first!, second!].map((s) => s.spanContext().traceId).sort());
  });

  it('untraced calls: each request carries its own PRODUCER span\'s context, and none once the instrumentation is off', async () => {
    const calc = new CalculatorClient(plainConn, { queue, timeoutMs: 5_000 });
    closers.push(() => calc.close());
    await calc.calculate({ n: 1n });
    await calc.calculate({ n: 2n });
    await waitFor(SpanKind.PRODUCER, 2); // a confirm channel's PRODUCER span ends at the confirm
    const producers = spansOf(SpanKind.PRODUCER).filter((s) => s.attributes['messaging.rabbitmq.routing_key'] === queue);
    assert.equal(producers.length, 2, 'the instrumentation traced both publishes');
    assert.deepEqual(received.map(traceIdOf), producers.map((s) => s.spanContext().traceId), 'each request its own publish\'s trace');
    // The instrumentation wrote traceparent into the headers warren gave it. Were that object
    // published again, a request made with the instrumentation off would carry it still.
    instrumentation.disable();
    try {
      await calc.calculate({ n: 3n });
      await calc.calculate({ n: 4n });
    } finally {
      instrumentation.enable(); // patches the loaded amqplib again
    }
    assert.deepEqual(received.slice(2), [undefined, undefined], `no stale traceparent; got ${String(received.slice(2))}`);
  });
});

function tracer() {
  return provider.getTracer('test');
}
