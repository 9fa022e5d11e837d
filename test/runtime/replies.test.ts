import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError } from '@warren/runtime';
import { protobufCodec } from '@warren/runtime/codegen';
import { Header } from '@warren/runtime/protocol';
import { CalculateReply, CalculatorClient } from '../../generated/calculator.js';
import { calculatorFixture } from '../support/calculator-fixture.js';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';

describe('reply modes', () => {
  for (const replyMode of ['direct', 'queue'] as const) {
    it(`${replyMode}: 200 concurrent calls each get their own reply`, async () => {
      const f = await calculatorFixture({ client: { replyMode } });
      try {
        const ns = Array.from({ length: 200 }, (_, i) => BigInt(i * 7));
        const replies = await Promise.all(ns.map((n) => f.calc.calculate({ n })));
        assert.deepEqual(replies.map((r) => r.result), ns.map((n) => n * 2n));
        assert.equal(f.calc.stats.pending, 0);
      } finally {
        await f.close();
      }
    });

    it(`${replyMode}: replies that come back out of order each reach their own caller`, async () => {
      // Handlers finish after scattered delays, so replies arrive in an order unrelated to
      // the calls': only the correlation id can pair each reply with its caller.
      const finished: bigint[] = [];
      const f = await calculatorFixture({
        client: { replyMode },
        server: { concurrency: 64 },
        handlers: {
          async calculate(req) {
            await new Promise((r) => setTimeout(r, Number((req.n * 37n) % 60n)));
            finished.push(req.n);
            return { result: req.n * 2n };
          },
        },
      });
      try {
        const ns = Array.from({ length: 60 }, (_, i) => BigInt(i));
        const replies = await Promise.all(ns.map((n) => f.calc.calculate({ n })));
        assert.deepEqual(replies.map((r) => r.result), ns.map((n) => n * 2n));
        assert.notDeepEqual(finished, ns, 'the replies came back in another order than the calls went out');
        assert.equal(f.calc.stats.pending, 0);
      } finally {
        await f.close();
      }
    });
  }
});

/**
 * A hand-made server that answers each request with `plan()`: a list of [delayMs, n] replies.
 * It sends `x-warren-status: OK` explicitly, which peers may do (warren sends no header).
 */
async function rawServer(queue: string, plan: () => [number, bigint][], run: () => Promise<void>) {
  await withAmqp(async (ch: ConfirmChannel) => {
    await ch.assertQueue(queue, { durable: true });
    await ch.consume(queue, (msg: ConsumeMessage | null) => {
      if (!msg) return;
      ch.ack(msg);
      for (const [delay, result] of plan()) {
        setTimeout(() => {
          ch.publish('', msg.properties.replyTo as string, Buffer.from(CalculateReplyBytes(result)), {
            correlationId: msg.properties.correlationId,
            contentType: 'application/x-protobuf',
            headers: { [Header.status]: 'OK' },
          });
        }, delay);
      }
    });
    await run();
  });
}

/** A reply body encoded by the generated codec, as a warren server would. */
function CalculateReplyBytes(result: bigint): Uint8Array {
  return protobufCodec(CalculateReply).encode({ result });
}

describe('late and duplicate replies', () => {
  it('a second reply to the same call is discarded and counted as a duplicate', async () => {
    const queue = uniqueQueue('dup');
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue });
    try {
      await rawServer(queue, () => [[0, 1n], [50, 2n]], async () => {
        assert.deepEqual(await calc.calculate({ n: 9n }), { result: 1n });
        for (let i = 0; i < 100 && calc.stats.duplicateReplies === 0; i++) await new Promise((r) => setTimeout(r, 20));
      });
      assert.equal(calc.stats.duplicateReplies, 1);
      assert.equal(calc.stats.lateReplies, 0);
    } finally {
      await calc.close();
      await conn.close();
      await deleteQueues(queue);
    }
  });

  it('a reply after the deadline is discarded and counted as late', async () => {
    const queue = uniqueQueue('late');
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue });
    try {
      await rawServer(queue, () => [[400, 1n]], async () => {
        await assert.rejects(calc.calculate({ n: 9n }, { timeoutMs: 150 }), (e: unknown) => RpcError.is(e, 'DEADLINE_EXCEEDED'));
        for (let i = 0; i < 100 && calc.stats.lateReplies === 0; i++) await new Promise((r) => setTimeout(r, 20));
      });
      assert.equal(calc.stats.lateReplies, 1);
      assert.equal(calc.stats.pending, 0);
    } finally {
      await calc.close();
      await conn.close();
      await deleteQueues(queue);
    }
  });
});
