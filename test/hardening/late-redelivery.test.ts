/**
 * A redelivered request whose deadline has passed is skipped before its delivery is counted
 * (issue 14, docs/protocol.md 5.1 step 2): its caller has gone, so it earns neither a
 * dead-letter copy nor an INTERNAL reply nobody reads, even on its last allowed delivery.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import amqp from 'amqplib';
import { ContentType, Header } from '@warren/runtime/protocol';
import { CalculatorService, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';

describe('a late redelivery', () => {
  it('is skipped before delivery counting: no dead-letter copy, no reply, counted as expired', async () => {
    const queue = uniqueQueue('late-redelivery');
    const replies = `${queue}.replies`;
    const conn = await testConnection();
    // Declare the queues as the server does, then stop serving.
    await (await serveCalculator(conn, calculatorHandlers, { queue })).close({ timeoutMs: 1_000 });
    await withAmqp((ch) => ch.assertQueue(replies, { durable: true }));
    const taker = await amqp.connect(AMQP_URL);
    try {
      const ch = await taker.createConfirmChannel();
      // Its fifth delivery, as far as the count goes: one more would dead-letter it.
      ch.publish('', queue, Buffer.from(CalculatorService.methods.calculate.requestCodec.encode({ n: 1n })), {
        correlationId: 'late-1',
        replyTo: replies,
        type: 'calculator.v1.Calculator.Calculate',
        contentType: ContentType.protobuf,
        headers: { [Header.deadline]: String(Date.now() + 500), [Header.deliveryCount]: '4' },
      });
      await ch.waitForConfirms();
      // Take it without acking, wait past its deadline, and let it go back redelivered.
      await new Promise<void>((resolve) => void ch.consume(queue, (msg) => msg && resolve(), { noAck: false }));
      await new Promise((r) => setTimeout(r, 800));
    } finally {
      await taker.close();
    }
    const server = await serveCalculator(conn, calculatorHandlers, { queue });
    try {
      for (const until = Date.now() + 3_000; server.stats.expired === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual({ expired: server.stats.expired, deadLettered: server.stats.deadLettered, handled: server.stats.handled }, { expired: 1, deadLettered: 0, handled: 1 });
      const counts = await withAmqp(async (ch) => [(await ch.checkQueue(`${queue}.dead-letter`)).messageCount, (await ch.checkQueue(replies)).messageCount, (await ch.checkQueue(queue)).messageCount]);
      assert.deepEqual(counts, [0, 0, 0], 'dead-letter queue, replies and request queue all empty');
    } finally {
      await server.close({ timeoutMs: 1_000 });
      await conn.close();
      await deleteQueues(queue, `${queue}.dead-letter`, replies);
    }
  });
});
