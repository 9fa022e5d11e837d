// A calculator worker: connects, serves, and drains on SIGTERM/SIGINT.
// Run: node --import tsx examples/src/calculator-service.ts
import { connect } from '@warren/runtime';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from './calculator-handlers.js';

const conn = await connect(process.env.AMQP_URL ?? 'amqp://localhost');
const server = await serveCalculator(conn, calculatorHandlers, { concurrency: 64 });
process.stdout.write(`calculator service ready on queue ${server.queue} (pid ${process.pid})\n`);

const shutdown = async () => {
  await server.close(); // stop consuming, answer in-flight calls
  await conn.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
