/**
 * Publisher confirms on requests (issue 21.2): a request the broker refuses (`basic.nack`:
 * here a full queue with `x-overflow: reject-publish`) is sent again a bounded number of
 * times, then fails fast with UNAVAILABLE, reason NACKED, instead of waiting out its deadline
 * for a reply that can never come.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError } from '@warren/runtime';
import { CalculatorClient } from '../../generated/calculator.js';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';

describe('publisher confirms on requests', () => {
  for (const replyMode of ['queue', 'direct'] as const) {
    it(`a request the broker refuses fails fast with UNAVAILABLE NACKED (${replyMode})`, async () => {
      const queue = uniqueQueue('nack');
      // Room for one request, and nobody consuming: the next one is refused.
      await withAmqp((ch) => ch.assertQueue(queue, { durable: true, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } }));
      const conn = await testConnection();
      const calc = new CalculatorClient(conn, { queue, timeoutMs: 10_000, replyMode });
      const unconfirmed = new CalculatorClient(conn, { queue, timeoutMs: 1_000, replyMode, confirm: false });
      try {
        const first = calc.calculate({ n: 1n }).catch((err: unknown) => err);
        await new Promise((r) => setTimeout(r, 100));
        const started = Date.now();
        await assert.rejects(calc.calculate({ n: 2n }), (err: unknown) => {
          assert.ok(RpcError.is(err, 'UNAVAILABLE'), String(err));
          assert.equal(err.details?.reason, 'NACKED');
          assert.match(err.message, /the broker refused the calculator.v1.Calculator.Calculate request 4 times/);
          return true;
        });
        const took = Date.now() - started;
        assert.ok(took < 3_000, `failed fast, in ${took} ms, not at its 10 s deadline`);
        // Without confirms nobody knows: the call waits out its deadline.
        await assert.rejects(unconfirmed.calculate({ n: 3n }), (err: unknown) => RpcError.is(err, 'DEADLINE_EXCEEDED'));
        const { messageCount } = await withAmqp((ch) => ch.checkQueue(queue));
        assert.equal(messageCount, 1, 'only the first request is on the queue');
        await calc.close();
        assert.ok(RpcError.is(await first, 'CANCELLED'));
      } finally {
        await calc.close();
        await unconfirmed.close();
        await conn.close();
        await deleteQueues(queue);
      }
    });
  }

  it('a refused request is sent again later, not at once: it gets in once the queue has room', async () => {
    const queue = uniqueQueue('nack-later');
    await withAmqp((ch) => ch.assertQueue(queue, { durable: true, arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } }));
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 10_000 });
    const peer = await testConnection();
    try {
      const first = calc.calculate({ n: 1n });
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      const second = calc.calculate({ n: 2n }); // refused: the queue is full
      // 300 ms later a hand-written server takes both off the queue and answers.
      await new Promise((r) => setTimeout(r, 300));
      const ch = await peer.openChannel();
      await ch.consume(queue, (msg) => {
        if (!msg) return;
        ch.publish('', msg.properties.replyTo as string, Buffer.from([0x08, 0x2a]), { correlationId: msg.properties.correlationId });
        ch.ack(msg);
      });
      assert.deepEqual(await first, { result: 42n });
      assert.deepEqual(await second, { result: 42n }, 'the refused request got in on a later attempt');
      const took = Date.now() - started;
      assert.ok(took >= 300, `answered after the queue had room (${took} ms)`);
    } finally {
      await calc.close();
      await conn.close();
      await peer.close();
      await deleteQueues(queue);
    }
  });
});
