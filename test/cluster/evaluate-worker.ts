// A calculator server in a process of its own (quorum request queue unless told classic), for the cluster
// tests. Usage: node --import tsx test/cluster/evaluate-worker.ts <url list> <queue> [quorum|classic]
// Prints "ready <pid>" once consuming, "ran <label>" each time an evaluate handler runs (the
// first operand's label names the call, so a request that runs twice shows twice), and
// "down" / "up" when its connection is lost and back.
import { connect, silentLogger } from '@warren/runtime';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';

const [urls, queue, queueType = 'quorum'] = process.argv.slice(2);
if (!urls || !queue || (queueType !== 'quorum' && queueType !== 'classic')) {
  throw new Error(`usage: evaluate-worker.ts <url list> <queue> [quorum|classic], got ${process.argv.slice(2).join(' ')}`);
}

const conn = await connect(urls, { logger: silentLogger, reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 } });
conn.watch({
  down: () => process.stdout.write('down\n'),
  up: () => process.stdout.write('up\n'),
});
const server = await serveCalculator(
  conn,
  {
    ...calculatorHandlers,
    async evaluate(request, context) {
      process.stdout.write(`ran ${request.operands[0]?.label ?? ''}\n`);
      return calculatorHandlers.evaluate(request, context);
    },
  },
  { queue, concurrency: 32, queueType },
);
process.stdout.write(`ready ${process.pid}\n`);
// The test holds our stdin: when it dies, so do we, instead of serving on as an orphan.
process.stdin.on('end', () => process.exit(0)).resume();
process.once('SIGTERM', async () => {
  await server.close({ timeoutMs: 1_000 });
  await conn.close();
  process.exit(0);
});
