// A calculator server in a process of its own, for tests about processes (kill -9, crashes).
// Usage: node --import tsx test/support/calculator-worker.ts <url> <queue> [slowMs] [maxDeliveries]
// WARREN_QUEUE_TYPE=quorum serves a quorum queue.
// Prints "ready <pid>" once consuming, and "handled <n>" for each call it answers.
// n = 666 crashes the process mid-call (SIGKILL to itself): a poison message.
// WARREN_CRASH_BETWEEN_STEPS=1: the first reply publish or ack the server makes goes through,
// everything after it is swallowed, and the process kills itself 300 ms later (time for the
// first step to reach the broker): a crash between replying and acking. Prints "first <op>".
import { connect, silentLogger } from '@warren/runtime';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { recordingConnection } from './recording-connection.js';

const [url = 'amqp://localhost', queue, slow = '0', maxDeliveries = '5'] = process.argv.slice(2);
const slowMs = Number(slow);

const conn = await connect(url, { logger: silentLogger });
let crashing = false;
const served =
  process.env.WARREN_CRASH_BETWEEN_STEPS === '1'
    ? recordingConnection(conn, (op) => {
        if (op.op === 'deliver') return true;
        if (crashing) return false;
        crashing = true;
        process.stdout.write(`first ${op.op}\n`);
        setTimeout(() => process.kill(process.pid, 'SIGKILL'), 300);
        return true;
      }).conn
    : conn;
const server = await serveCalculator(
  served,
  {
    ...calculatorHandlers,
    async calculate(request, context) {
      if (request.n === 666n) process.kill(process.pid, 'SIGKILL');
      if (slowMs > 0) await new Promise((r) => setTimeout(r, slowMs));
      const reply = await calculatorHandlers.calculate(request, context);
      process.stdout.write(`handled ${request.n}\n`);
      return reply;
    },
  },
  {
    queue,
    concurrency: 32,
    maxDeliveries: Number(maxDeliveries),
    queueType: process.env.WARREN_QUEUE_TYPE === 'quorum' ? 'quorum' : 'classic',
  },
);
process.stdout.write(`ready ${process.pid}\n`);
process.once('SIGTERM', async () => {
  await server.close();
  await conn.close();
  process.exit(0);
});
