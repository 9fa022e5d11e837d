import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { RpcError, type Connection } from '@warren/runtime';
import { tracingInterceptor } from '@warren/runtime/otel';
import { CalculatorClient, CalculatorService, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';

// Tracing across the real broker: an SDK with an in-memory exporter, as users wire one.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

const CALCULATE = 'calculator.v1.Calculator/Calculate';
const EVALUATE = 'calculator.v1.Calculator/Evaluate';
const DIVIDE_BY_ZERO = { operation: 4, operands: [{ value: 1, label: '' }, { value: 0, label: 'z' }] };

/** The spans named `name` of `kind`, in the order they ended. */
function spans(name: string, kind: SpanKind): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((s) => s.name === name && s.kind === kind);
}

/** One span, and only one, named `name` of `kind`. */
function only(name: string, kind: SpanKind): ReadableSpan {
  const found = spans(name, kind);
  assert.equal(found.length, 1, `one ${SpanKind[kind]} span ${name}; got ${exporter.getFinishedSpans().map((s) => `${SpanKind[s.kind]} ${s.name}`).join(', ')}`);
  return found[0]!;
}

function isChildOf(child: ReadableSpan, parent: ReadableSpan): boolean {
  return child.spanContext().traceId === parent.spanContext().traceId && child.parentSpanContext?.spanId === parent.spanContext().spanId;
}

/** The server span is ended just after its reply is published: give it a moment to be exported. */
async function waitForSpans(count: number): Promise<void> {
  for (let i = 0; i < 100 && exporter.getFinishedSpans().length < count; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('tracing over RabbitMQ (@warren/runtime/otel)', () => {
  const tracing = tracingInterceptor();
  const queue = uniqueQueue('otel');
  const backQueue = uniqueQueue('otel-back');
  let clientConn: Connection;
  let serverConn: Connection;
  let calc: CalculatorClient;
  let back: CalculatorClient;
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    // Every client and server on these connections is traced: the interceptor is given once, per connection.
    clientConn = await testConnection({ interceptors: [tracing] });
    serverConn = await testConnection({ interceptors: [tracing] });
    back = new CalculatorClient(serverConn, { queue: backQueue, timeoutMs: 5_000 });
    const front = await serveCalculator(
      serverConn,
      {
        ...calculatorHandlers,
        // The front service asks the back one: a handler that calls another service.
        async calculate(req) {
          if (req.n === 100n) return back.calculate({ n: 1n });
          if (req.n === 13n) throw new Error('unlucky'); // a bug: INTERNAL
          return { result: req.n * 2n };
        },
      },
      { queue },
    );
    const backServer = await serveCalculator(serverConn, calculatorHandlers, { queue: backQueue });
    calc = new CalculatorClient(clientConn, { queue, timeoutMs: 5_000 });
    closers.push(() => calc.close(), () => back.close(), () => front.close({ timeoutMs: 500 }), () => backServer.close({ timeoutMs: 500 }));
  });

  after(async () => {
    for (const close of closers) await close();
    await clientConn.close();
    await serverConn.close();
    await deleteQueues(queue, `${queue}.dead-letter`, backQueue, `${backQueue}.dead-letter`);
    contextManager.disable();
  });

  beforeEach(() => exporter.reset());

  it('a CLIENT span per call and a SERVER span per request, parent and child in one trace', async () => {
    const started = Date.now();
    assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n });
    await waitForSpans(2);
    const client = only(CALCULATE, SpanKind.CLIENT);
    const server = only(CALCULATE, SpanKind.SERVER);
    assert.ok(isChildOf(server, client), 'the server span is the client span\'s child, across the broker');
    assert.equal(client.parentSpanContext, undefined, 'a call outside any span starts a trace');
    for (const span of [client, server]) {
      assert.equal(span.attributes['rpc.system.name'], 'warren');
      assert.equal(span.attributes['rpc.method'], CALCULATE);
      assert.equal(span.attributes['messaging.system'], 'rabbitmq');
      assert.equal(span.attributes['messaging.destination.name'], '');
      assert.equal(span.attributes['messaging.rabbitmq.destination.routing_key'], queue);
      assert.equal(span.attributes['rpc.response.status_code'], 'OK');
      assert.equal(span.status.code, SpanStatusCode.UNSET);
      assert.equal(span.attributes['error.type'], undefined);
    }
    const id = client.attributes['messaging.message.conversation_id'];
    assert.match(String(id), /\.0$|\.\w+$/);
    assert.equal(server.attributes['messaging.message.conversation_id'], id, 'the correlation id, on both sides');
    const deadline = Number(client.attributes['warren.deadline_ms']);
    assert.equal(client.attributes['warren.timeout_ms'], 5_000);
    assert.ok(deadline >= started + 5_000 && deadline <= Date.now() + 5_000);
    assert.equal(server.attributes['warren.deadline_ms'], deadline, 'the deadline the request carried');
    assert.equal(server.attributes['warren.redelivered'], false);
    assert.equal(server.attributes['warren.delivery_count'], 1);
  });

  it('a call made inside a span is its child; a handler that calls another service continues the trace', async () => {
    const tracer = provider.getTracer('test');
    await tracer.startActiveSpan('request from a user', async (root) => {
      assert.deepEqual(await calc.calculate({ n: 100n }), { result: 2n });
      root.end();
    });
    await waitForSpans(5);
    const root = exporter.getFinishedSpans().find((s) => s.name === 'request from a user')!;
    const clients = spans(CALCULATE, SpanKind.CLIENT);
    const servers = spans(CALCULATE, SpanKind.SERVER);
    assert.equal(clients.length, 2);
    assert.equal(servers.length, 2);
    const frontClient = clients.find((s) => s.attributes['messaging.rabbitmq.destination.routing_key'] === queue)!;
    const backClient = clients.find((s) => s.attributes['messaging.rabbitmq.destination.routing_key'] === backQueue)!;
    const frontServer = servers.find((s) => s.attributes['messaging.rabbitmq.destination.routing_key'] === queue)!;
    const backServer = servers.find((s) => s.attributes['messaging.rabbitmq.destination.routing_key'] === backQueue)!;
    assert.ok(isChildOf(frontClient, root), 'caller span <- the user\'s span');
    assert.ok(isChildOf(frontServer, frontClient), 'front SERVER <- caller CLIENT');
    assert.ok(isChildOf(backClient, frontServer), 'the handler\'s call <- front SERVER');
    assert.ok(isChildOf(backServer, backClient), 'back SERVER <- the handler\'s CLIENT');
    assert.equal(new Set(exporter.getFinishedSpans().map((s) => s.spanContext().traceId)).size, 1, 'one trace');
  });

  it('an error is recorded with its code: ERROR on the client; on the server only when it is the server\'s fault', async () => {
    await assert.rejects(calc.evaluate(DIVIDE_BY_ZERO), (e: unknown) => RpcError.is(e, 'OUT_OF_RANGE'));
    await assert.rejects(calc.calculate({ n: 13n }), (e: unknown) => RpcError.is(e, 'INTERNAL'));
    await waitForSpans(4);
    const client = only(EVALUATE, SpanKind.CLIENT);
    const server = only(EVALUATE, SpanKind.SERVER);
    for (const span of [client, server]) {
      assert.equal(span.attributes['rpc.response.status_code'], 'OUT_OF_RANGE');
      assert.equal(span.attributes['error.type'], 'OUT_OF_RANGE');
    }
    assert.equal(client.status.code, SpanStatusCode.ERROR);
    assert.match(client.status.message ?? '', /zero/i);
    assert.equal(server.status.code, SpanStatusCode.UNSET, 'a caller\'s bad input is no server error (as for gRPC)');
    const internal = only(CALCULATE, SpanKind.SERVER);
    assert.equal(internal.attributes['error.type'], 'INTERNAL', 'a handler\'s plain Error is recorded as what the caller got');
    assert.equal(internal.status.code, SpanStatusCode.ERROR);
    assert.equal(only(CALCULATE, SpanKind.CLIENT).status.code, SpanStatusCode.ERROR);
  });

  it('trace context sent as byte arrays (as pika sends bytes) links the server span all the same', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const method = CalculatorService.methods.calculate;
    const reply = await withAmqp(async (ch) => {
      const { queue: replyTo } = await ch.assertQueue('', { exclusive: true });
      const got = new Promise<string>((resolve) => void ch.consume(replyTo, (m) => m && resolve(m.properties.correlationId as string), { noAck: true }));
      ch.publish('', queue, Buffer.from(method.requestCodec.encode({ n: 21n }, { maxDepth: 100 })), {
        type: method.fullName,
        correlationId: 'raw-1',
        replyTo,
        contentType: method.requestCodec.contentType,
        headers: { traceparent: Buffer.from(`00-${traceId}-${parentId}-01`), tracestate: Buffer.from('vendor=opaque') },
      });
      return got;
    });
    assert.equal(reply, 'raw-1');
    await waitForSpans(1);
    const server = only(CALCULATE, SpanKind.SERVER);
    assert.equal(server.spanContext().traceId, traceId);
    assert.equal(server.parentSpanContext?.spanId, parentId);
    assert.equal(server.parentSpanContext?.traceState?.get('vendor'), 'opaque', 'tracestate read too');
    assert.equal(server.attributes['messaging.message.conversation_id'], 'raw-1');
  });

  it('the client writes traceparent and tracestate into the request headers, beside the caller\'s own', async () => {
    let seen: Readonly<Record<string, unknown>> = {};
    const probe = uniqueQueue('otel-probe');
    const server = await serveCalculator(serverConn, { ...calculatorHandlers, calculate: (r, ctx) => ((seen = ctx.headers), { result: r.n }) }, { queue: probe });
    const client = new CalculatorClient(clientConn, { queue: probe, timeoutMs: 5_000 });
    try {
      const tracer = provider.getTracer('test');
      await tracer.startActiveSpan('outer', async (outer) => {
        await client.calculate({ n: 1n }, { headers: { 'x-tenant': 'acme' } });
        outer.end();
      });
      await waitForSpans(3);
      const clientSpan = only(CALCULATE, SpanKind.CLIENT);
      assert.equal(String(seen.traceparent), `00-${clientSpan.spanContext().traceId}-${clientSpan.spanContext().spanId}-01`);
      assert.equal(String(seen['x-tenant']), 'acme');
    } finally {
      await client.close();
      await server.close({ timeoutMs: 500 });
      await deleteQueues(probe, `${probe}.dead-letter`);
    }
  });
});
