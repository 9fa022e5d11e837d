/**
 * A request whose reply cannot be delivered costs its service nothing (issue 14.2): RabbitMQ
 * 3.x closes the whole connection (541 INTERNAL_ERROR) over a reply to a forged direct
 * reply-to address. Replies to such addresses go on a connection of their own, so the
 * request consumer never drops, the request is acked (never redelivered to do it again),
 * and every other caller's reply is still delivered.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Logger } from '@warren/runtime';
import { Header } from '@warren/runtime/protocol';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';
import { rawRequest } from '../support/raw-request.js';

const FORGED = ['amq.rabbitmq.reply-to.abc.def', 'amq.rabbitmq.reply-to.g2dkAAA=.xyz'];

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, warn: (message) => void warnings.push(message), error() {} };
}

describe('a forged reply_to', () => {
  it('is retired once; the consumer connection never drops and every other call succeeds, in both reply modes', async () => {
    const queue = uniqueQueue('forged');
    const logger = recordingLogger();
    const serverConn = await testConnection({ logger });
    let consumerDrops = 0;
    serverConn.watch({ down: () => consumerDrops++ });
    const server = await serveCalculator(serverConn, calculatorHandlers, { queue });
    const clientConn = await testConnection();
    const clients = [
      new CalculatorClient(clientConn, { queue, timeoutMs: 10_000 }),
      new CalculatorClient(clientConn, { queue, timeoutMs: 10_000, replyMode: 'direct' }),
    ];
    const forgedCount = 20;
    let ok = 0;
    const failures: string[] = [];
    let running = true;
    const load = clients.flatMap((calc) =>
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = 0; running; i++) {
          const n = BigInt(worker * 1_000_000 + i);
          try {
            const { result } = await calc.calculate({ n });
            assert.equal(result, n * 2n);
            ok++;
          } catch (err) {
            failures.push(String(err));
          }
        }
      }),
    );
    try {
      await new Promise((r) => setTimeout(r, 300));
      await withAmqp(async (ch) => {
        for (let i = 0; i < forgedCount; i++) {
          ch.publish('', queue, Buffer.from([0x08, 0x2a]), {
            correlationId: `forged-${i}`,
            replyTo: FORGED[i % FORGED.length],
            type: 'calculator.v1.Calculator.Calculate',
            contentType: 'application/x-protobuf',
            headers: { [Header.deadline]: String(Date.now() + 30_000) },
          });
          await new Promise((r) => setTimeout(r, 25));
        }
      });
      // Each forged reply costs the reply connection a reconnect or two: on a loaded machine
      // that takes a while, so wait for them (bounded) rather than a fixed time.
      const retiredCount = () => logger.warnings.filter((w) => w.startsWith('reply retired')).length;
      for (const until = Date.now() + 30_000; retiredCount() < forgedCount && Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 500)); // any retirement beyond the count would show by now
      running = false;
      await Promise.all(load);
      const retired = retiredCount();
      console.log(`forged reply_to: ${ok} calls OK, ${failures.length} failed; ${retired} forged replies retired; consumer drops ${consumerDrops}`);
      assert.deepEqual(failures, [], 'no other call fails');
      assert.ok(ok > 100, `calls kept flowing (${ok})`);
      assert.equal(consumerDrops, 0, 'the request consumer connection never dropped');
      assert.equal(retired, forgedCount, 'each forged reply is retired exactly once');
      const { messageCount } = await withAmqp((ch) => ch.checkQueue(queue));
      assert.equal(messageCount, 0, 'every forged request was acked, none requeued');
      assert.equal(server.stats.inFlight, 0);
    } finally {
      running = false;
      await Promise.all(load);
      for (const c of clients) await c.close();
      await server.close({ timeoutMs: 1_000 });
      await clientConn.close();
      await serverConn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });

  it('pointing at the service\'s own queue is dropped, not answered into a loop', async () => {
    const queue = uniqueQueue('loop');
    const conn = await testConnection();
    const server = await serveCalculator(conn, calculatorHandlers, { queue });
    try {
      for (const replyTo of [queue, `${queue}.dead-letter`]) {
        assert.deepEqual(await rawRequest(queue, { replyTo, waitMs: 300 }), {});
      }
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(server.stats.dropped, 2);
      assert.equal(server.stats.handled, 0, 'no request came back as a new one');
      const { messageCount } = await withAmqp((ch) => ch.checkQueue(`${queue}.dead-letter`));
      assert.equal(messageCount, 0);
    } finally {
      await server.close({ timeoutMs: 1_000 });
      await conn.close();
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });
});
