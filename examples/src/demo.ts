// `npm run demo`: with a RabbitMQ at AMQP_URL (default amqp://localhost), starts the
// calculator service in a child process and calls it through the broker from this one.
// When no broker answers, it says so and runs both in this process on memory(), the
// in-memory broker, so the demo shows the same calls either way.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { connect, redactUrl, type Connection } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from './calculator-handlers.js';
import { runCalls } from './calculator-caller.js';

const url = process.env.AMQP_URL ?? 'amqp://localhost';
const print = (line: string) => process.stdout.write(`${line}\n`);

const conn = await connect(url, { connectTimeoutMs: 3_000 }).catch((err: Error) => {
  const why = err.cause instanceof Error ? err.cause.message : err.message;
  print(`No RabbitMQ answers at ${redactUrl(url)} (${why}).`);
  print('Hint: start one with `docker run -d -p 5672:5672 rabbitmq:3` (Debian: `sudo apt-get install rabbitmq-server`), or set AMQP_URL.');
  return undefined;
});
if (conn) await onRabbitMq(conn);
else await inMemory();
print('service drained and stopped; done');

/** The service in a child process, the caller here: two processes talking through RabbitMQ. */
async function onRabbitMq(conn: Connection): Promise<void> {
  print(`connected to RabbitMQ at ${redactUrl(url)}`);
  const service = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./calculator-service.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AMQP_URL: url },
  });
  try {
    print(`[service] ${await firstLine(service)}`);
    await runCalls(conn, (line) => print(`[caller]  ${line}`));
  } finally {
    if (service.exitCode === null) {
      service.kill('SIGTERM');
      await once(service, 'exit');
    }
    await conn.close();
  }
}

/** Service and caller in this process, on memory(): the same generated code, no broker. */
async function inMemory(): Promise<void> {
  print('Running the service and the caller in this process on memory(), the in-memory broker.');
  const conn = memory();
  const server = await serveCalculator(conn, calculatorHandlers, { concurrency: 64 });
  print(`[service] calculator service ready on queue ${server.queue} (in this process, on memory())`);
  try {
    await runCalls(conn, (line) => print(`[caller]  ${line}`));
  } finally {
    await server.close();
    await conn.close();
  }
}

/** The service's ready line; rejects if it exits first (its error is on stderr). */
async function firstLine(child: ChildProcess): Promise<string> {
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the calculator service exited with code ${String(code)} before it was ready`);
  });
  const [data] = (await Promise.race([once(child.stdout!, 'data'), exited])) as [Buffer];
  return data.toString().trim();
}
