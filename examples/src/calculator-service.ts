// A calculator worker: connects, serves, and drains on SIGTERM/SIGINT.
// Run: node --import tsx examples/src/calculator-service.ts   (AMQP_URL picks the broker)
import { connect, redactUrl } from '@warren/runtime';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from './calculator-handlers.js';

const url = process.env.AMQP_URL ?? 'amqp://localhost';
// `npm run demo -- --trace` sets WARREN_DEMO_TRACE: trace, and hand each span to the demo on stdout.
const tracing =
  process.env.WARREN_DEMO_TRACE === '1'
    ? (await import('./demo-tracing.js')).startTracing('service', (span) => process.stdout.write(`span ${JSON.stringify(span)}\n`))
    : undefined;
const conn = await connect(url, { interceptors: tracing?.interceptors }).catch((err: Error) => {
  // A worker is useless without its broker: say which one and how to start it, then exit.
  process.stderr.write(`calculator service: no RabbitMQ answers at ${redactUrl(url)} (${err.message}).\n`);
  process.stderr.write('Start one (docker run -d -p 5672:5672 rabbitmq:3) or set AMQP_URL.\n');
  process.exit(1);
});
const server = await serveCalculator(conn, calculatorHandlers, { concurrency: 64 });
process.stdout.write(`calculator service ready on queue ${server.queue} (pid ${process.pid})\n`);

const shutdown = async () => {
  await server.close(); // stop consuming, answer in-flight calls
  await conn.close();
  await tracing?.shutdown();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
