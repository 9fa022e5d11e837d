// `npm run demo`: with a RabbitMQ at AMQP_URL (default amqp://localhost), starts the
// calculator service in a child process and calls it through the broker from this one.
// When no broker answers, it says so and runs both in this process on memory(), the
// in-memory broker, so the demo shows the same calls either way.
// `npm run demo -- --trace` also traces the calls (OpenTelemetry, docs/observability.md) and
// prints their spans, the service's included, as one trace.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connect, redactUrl, type Connection } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from './calculator-handlers.js';
import { runCalls } from './calculator-caller.js';
import type { SpanRecord } from './demo-tracing.js';

const url = process.env.AMQP_URL ?? 'amqp://localhost';
const print = (line: string) => process.stdout.write(`${line}\n`);
const unknownArgs = process.argv.slice(2).filter((a) => a !== '--trace');
if (unknownArgs.length > 0) {
  process.stderr.write(`demo: unknown argument ${unknownArgs.join(' ')}; expected none or --trace, for example: npm run demo -- --trace\n`);
  process.exit(2);
}
// Loaded only when asked: the SDK is a dev dependency of the examples, not of warren.
const tracing = process.argv.includes('--trace') ? (await import('./demo-tracing.js')).startTracing('demo') : undefined;
/** Spans the service process sent (`span {json}` lines on its stdout). */
const serviceSpans: SpanRecord[] = [];

/** The demo's calls, inside one `demo` span when tracing, so that they make one trace. */
const calls = (conn: Connection) =>
  tracing
    ? tracing.tracer.startActiveSpan('demo', (root) => runCalls(conn, (line) => print(`[caller]  ${line}`)).finally(() => root.end()))
    : runCalls(conn, (line) => print(`[caller]  ${line}`));

const conn = await connect(url, { connectTimeoutMs: 3_000, interceptors: tracing?.interceptors }).catch((err: Error) => {
  const why = err.cause instanceof Error ? err.cause.message : err.message;
  print(`No RabbitMQ answers at ${redactUrl(url)} (${why}).`);
  print('Hint: start one with `docker run -d -p 5672:5672 rabbitmq:3` (Debian: `sudo apt-get install rabbitmq-server`), or set AMQP_URL.');
  return undefined;
});
if (conn) await onRabbitMq(conn);
else await inMemory();
print('service drained and stopped; done');
if (tracing) {
  const { printTraces } = await import('./demo-tracing.js');
  await tracing.shutdown();
  print('');
  print('spans of these calls (--trace):');
  printTraces([...tracing.spans, ...serviceSpans], print);
}

/** The service in a child process, the caller here: two processes talking through RabbitMQ. */
async function onRabbitMq(conn: Connection): Promise<void> {
  print(`connected to RabbitMQ at ${redactUrl(url)}`);
  const service = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./calculator-service.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AMQP_URL: url, ...(tracing ? { WARREN_DEMO_TRACE: '1' } : {}) },
  });
  const lines = createInterface({ input: service.stdout! });
  const closed = once(lines, 'close');
  try {
    print(`[service] ${await firstLine(service, lines)}`);
    await calls(conn);
  } finally {
    if (service.exitCode === null) {
      service.kill('SIGTERM');
      await once(service, 'exit');
    }
    await closed; // the service's last span lines
    await conn.close();
  }
}

/** Service and caller in this process, on memory(): the same generated code, no broker. */
async function inMemory(): Promise<void> {
  print('Running the service and the caller in this process on memory(), the in-memory broker.');
  const conn = memory({ interceptors: tracing?.interceptors });
  const server = await serveCalculator(conn, calculatorHandlers, { concurrency: 64 });
  print(`[service] calculator service ready on queue ${server.queue} (in this process, on memory())`);
  try {
    await calls(conn);
  } finally {
    await server.close();
    await conn.close();
  }
}

/**
 * The service's ready line; rejects if it exits first (its error is on stderr). Later lines
 * are its spans, with --trace.
 */
async function firstLine(child: ChildProcess, lines: ReturnType<typeof createInterface>): Promise<string> {
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the calculator service exited with code ${String(code)} before it was ready`);
  });
  const ready = new Promise<string>((resolve) => {
    lines.on('line', (line) => {
      if (line.startsWith('span ')) serviceSpans.push(JSON.parse(line.slice(5)) as SpanRecord);
      else resolve(line.trim());
    });
  });
  return Promise.race([ready, exited]);
}
