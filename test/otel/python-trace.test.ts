import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Connection } from '@warren/runtime';
import { tracingInterceptor } from '@warren/runtime/otel';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { PYTHON } from '../interop/python-peer.js';
import { PythonWorker } from '../interop/python-worker.js';

// One trace through a service written in Python: TypeScript caller -> Python service (pika,
// test/otel/python/trace_hop.py, which carries traceparent and tracestate on as byte arrays)
// -> TypeScript service. The Python hop makes no span of its own, so the last server's span
// is the caller's span's child.

const here = path.dirname(fileURLToPath(import.meta.url));
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

describe('tracing through the Python peer', () => {
  const gen = mkdtempSync(path.join(tmpdir(), 'warren-otel-py-'));
  const midQueue = uniqueQueue('otel-py-mid');
  const backQueue = uniqueQueue('otel-py-back');
  let conn: Connection;
  let hop: PythonWorker;
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(contextManager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const protoc = spawnSync('protoc', [`-I${path.resolve(here, '../../contracts')}`, `--python_out=${gen}`, 'calculator.proto'], { encoding: 'utf8' });
    assert.equal(protoc.status, 0, `protoc --python_out failed (is protobuf-compiler installed?): ${protoc.stderr}`);
    conn = await testConnection({ interceptors: [tracingInterceptor()] });
    const back = await serveCalculator(conn, calculatorHandlers, { queue: backQueue });
    closers.push(() => back.close({ timeoutMs: 500 }));
    const child = spawn(PYTHON, [path.join(here, 'python/trace_hop.py'), '--url', AMQP_URL, '--queue', midQueue, '--next-queue', backQueue], {
      env: { ...process.env, PYTHONPATH: [gen, path.resolve(here, '../interop/python')].join(path.delimiter), PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    hop = new PythonWorker(child);
    closers.push(() => hop.stop());
    await hop.waitFor((e) => e.event === 'ready', 20_000);
  });

  after(async () => {
    for (const close of closers) await close();
    await conn.close();
    await deleteQueues(midQueue, `${midQueue}.dead-letter`, backQueue, `${backQueue}.dead-letter`);
    rmSync(gen, { recursive: true, force: true });
    contextManager.disable();
  });

  it('the TypeScript server behind the Python service continues the caller\'s trace', async () => {
    const calc = new CalculatorClient(conn, { queue: midQueue, timeoutMs: 10_000 });
    closers.unshift(() => calc.close());
    await provider.getTracer('test').startActiveSpan('user request', async (root) => {
      assert.deepEqual(await calc.calculate({ n: 21n }), { result: 42n });
      root.end();
    });
    for (let i = 0; i < 100 && exporter.getFinishedSpans().length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'user request')!;
    const client = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    const server = spans.find((s) => s.kind === SpanKind.SERVER)!;
    assert.ok(client && server, `a CLIENT and a SERVER span; got ${spans.map((s) => `${SpanKind[s.kind]} ${s.name}`).join(', ')}`);
    assert.equal(client.attributes['messaging.rabbitmq.destination.routing_key'], midQueue);
    assert.equal(server.attributes['messaging.rabbitmq.destination.routing_key'], backQueue);
    assert.equal(client.parentSpanContext?.spanId, root.spanContext().spanId);
    assert.equal(server.spanContext().traceId, root.spanContext().traceId, 'one trace across TypeScript, Python, TypeScript');
    assert.equal(server.parentSpanContext?.spanId, client.spanContext().spanId, 'the Python hop carried the caller\'s traceparent');
    const forwarded = await hop.waitFor((e) => e.event === 'forwarded');
    assert.equal(forwarded.traceparent, `00-${client.spanContext().traceId}-${client.spanContext().spanId}-01`);
  });
});
