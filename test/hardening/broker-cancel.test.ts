/**
 * A consumer the broker cancels (`basic.cancel`: its queue deleted, or on a cluster its node
 * lost) comes back (issue 21.3): a server consumes again, a client opens a new reply queue.
 * And a handler can tell a redelivery and count deliveries (`context.deliveryCount`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConsumeMessage } from 'amqplib';
import amqp from 'amqplib';
import { type CallContext } from '@warren/runtime';
import { ContentType } from '@warren/runtime/protocol';
import { CalculatorClient, CalculatorService, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';
import { calculatorFixture } from '../support/calculator-fixture.js';
import { sharedRabbitmqctl } from '../support/rabbitmq-cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a consumer the broker cancels', () => {
  it('a server whose queue is deleted under it declares it again and serves on', async () => {
    const f = await calculatorFixture({});
    try {
      assert.deepEqual(await f.calc.calculate({ n: 1n }), { result: 2n });
      await withAmqp((ch) => ch.deleteQueue(f.queue));
      let answered = false;
      for (const until = Date.now() + 5_000; !answered && Date.now() < until; await sleep(100)) {
        answered = await f.calc.calculate({ n: 2n }, { timeoutMs: 1_000 }).then(
          () => true,
          () => false,
        );
      }
      assert.ok(answered, 'the server consumes again within 5 s');
      const { consumerCount } = await withAmqp((ch) => ch.checkQueue(f.queue));
      assert.equal(consumerCount, 1);
    } finally {
      await f.close();
    }
  });

  it('a client whose reply queue is deleted opens a new one and calls on', async () => {
    const queue = uniqueQueue('replycancel');
    const peer = await amqp.connect(AMQP_URL);
    const replyQueues: string[] = [];
    const ch = await peer.createChannel();
    await ch.assertQueue(queue, { durable: true });
    const calculate = CalculatorService.methods.calculate;
    await ch.consume(queue, (msg: ConsumeMessage | null) => {
      if (!msg) return;
      replyQueues.push(msg.properties.replyTo as string);
      const { n } = calculate.requestCodec.decode(msg.content);
      ch.publish('', msg.properties.replyTo as string, Buffer.from(calculate.responseCodec.encode({ result: n * 2n })), {
        correlationId: msg.properties.correlationId as string,
        contentType: ContentType.protobuf,
      });
      ch.ack(msg);
    });
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 2_000 });
    try {
      assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n });
      // Exclusive to the client's connection: only an operator can delete it.
      await sharedRabbitmqctl('delete_queue', replyQueues[0]!);
      let answered = false;
      for (const until = Date.now() + 5_000; !answered && Date.now() < until; await sleep(100)) {
        answered = await calc.calculate({ n: 3n }, { timeoutMs: 1_000 }).then(
          (r) => r.result === 6n,
          () => false,
        );
      }
      assert.ok(answered, 'calls succeed again within 5 s');
      assert.notEqual(replyQueues.at(-1), replyQueues[0], 'on a new reply queue');
    } finally {
      await calc.close();
      await conn.close();
      await peer.close();
      await deleteQueues(queue);
    }
  });
});

describe('context.redelivered and context.deliveryCount', () => {
  for (const queueType of ['classic', 'quorum'] as const) {
    it(`count deliveries on a ${queueType} queue`, async () => {
      const queue = uniqueQueue(`count-${queueType}`);
      const seen: Array<{ redelivered: boolean; deliveryCount: number }> = [];
      const conn = await testConnection();
      // Declare with warren's arguments, then take the request with a raw consumer that dies
      // without acking it: the broker redelivers it to the warren server.
      const first = await serveCalculator(conn, calculatorHandlers, { queue, queueType });
      await first.close({ timeoutMs: 1_000 });
      const client = new CalculatorClient(conn, { queue, timeoutMs: 8_000 });
      const call = client.calculate({ n: 5n });
      const taker = await amqp.connect(AMQP_URL);
      const takeCh = await taker.createChannel();
      await new Promise<void>((resolve) => void takeCh.consume(queue, (msg) => msg && resolve(), { noAck: false }));
      await taker.close(); // unacked: back to the queue, redelivered
      const server = await serveCalculator(
        conn,
        {
          ...calculatorHandlers,
          calculate(req, ctx: CallContext) {
            seen.push({ redelivered: ctx.redelivered, deliveryCount: ctx.deliveryCount });
            return { result: req.n * 2n };
          },
        },
        { queue, queueType },
      );
      try {
        assert.deepEqual(await call, { result: 10n });
        assert.deepEqual(seen, [{ redelivered: true, deliveryCount: 2 }]);
        seen.length = 0;
        await client.calculate({ n: 1n });
        assert.deepEqual(seen, [{ redelivered: false, deliveryCount: 1 }]);
      } finally {
        await client.close();
        await server.close({ timeoutMs: 1_000 });
        await conn.close();
        await deleteQueues(queue, `${queue}.dead-letter`);
      }
    });
  }
});
