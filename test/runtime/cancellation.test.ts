import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RpcError } from '@warren/runtime';
import { CalculatorClient } from '../../generated/calculator.js';
import { calculatorFixture, type CalculatorFixture } from '../support/calculator-fixture.js';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';

describe('cancellation', () => {
  let f: CalculatorFixture;
  let release: (() => void) | undefined;
  before(async () => {
    f = await calculatorFixture({
      handlers: {
        calculate: (req) =>
          new Promise((resolve) => {
            release = () => resolve({ result: req.n });
          }),
      },
    });
  });
  after(() => f.close());

  it('an aborted signal settles the call at once with CANCELLED and frees its entry', async () => {
    const controller = new AbortController();
    const call = f.calc.calculate({ n: 1n }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100)); // on the wire, the handler holds it
    assert.equal(f.calc.stats.pending, 1);
    const started = Date.now();
    controller.abort();
    await assert.rejects(call, (e: unknown) => RpcError.is(e, 'CANCELLED'));
    assert.ok(Date.now() - started < 50, 'settled at once');
    assert.equal(f.calc.stats.pending, 0);

    // The reply that comes later is discarded and counted as late.
    const late = f.calc.stats.lateReplies;
    release!();
    for (let i = 0; i < 100 && f.calc.stats.lateReplies === late; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(f.calc.stats.lateReplies, late + 1);
  });

  it('client.close() settles every pending call at once with CANCELLED; calls after it fail the same way', async () => {
    const calc = new CalculatorClient(f.clientConn, { queue: f.queue, timeoutMs: 10_000 });
    const calls = Promise.allSettled([1n, 2n, 3n].map((n) => calc.calculate({ n })));
    await new Promise((r) => setTimeout(r, 100)); // on the wire, the handler holds them
    assert.equal(calc.stats.pending, 3);
    const started = Date.now();
    await calc.close();
    const settled = await Promise.race([calls, new Promise((r) => setTimeout(() => r('still pending'), 1_000))]);
    assert.ok(Array.isArray(settled), 'close() left calls pending');
    for (const s of settled) assert.ok(s.status === 'rejected' && RpcError.is(s.reason, 'CANCELLED'), JSON.stringify(s));
    assert.ok(Date.now() - started < 500, `settled ${Date.now() - started} ms after close()`);
    assert.equal(calc.stats.pending, 0);
    await assert.rejects(calc.calculate({ n: 4n }), (e: unknown) => RpcError.is(e, 'CANCELLED') && /client closed/.test(e.message));
  });

  it('a signal aborted before the call sends nothing', async () => {
    const queue = uniqueQueue('cancel');
    await withAmqp((ch) => ch.assertQueue(queue));
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue });
    try {
      await assert.rejects(calc.calculate({ n: 1n }, { signal: AbortSignal.abort() }), (e: unknown) => RpcError.is(e, 'CANCELLED'));
      const count = await withAmqp(async (ch) => (await ch.checkQueue(queue)).messageCount);
      assert.equal(count, 0);
      assert.equal(calc.stats.pending, 0);
    } finally {
      await calc.close();
      await conn.close();
      await deleteQueues(queue);
    }
  });
});

describe('no route', () => {
  it('a call to a queue nobody declared fails at once with UNAVAILABLE, not at its deadline', async () => {
    const conn = await testConnection();
    const calc = new CalculatorClient(conn, { queue: uniqueQueue('nobody') });
    try {
      const started = Date.now();
      await assert.rejects(calc.calculate({ n: 1n }, { timeoutMs: 10_000 }), (err: unknown) => {
        assert.ok(RpcError.is(err, 'UNAVAILABLE'), String(err));
        assert.match(err.message, /no queue "warren\.nobody\.[0-9a-f]+" for calculator\.v1\.Calculator\.Calculate: is the service running\?/);
        assert.equal(err.details?.['reason'], 'NO_ROUTE');
        return true;
      });
      assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
      assert.equal(calc.stats.pending, 0);
    } finally {
      await calc.close();
      await conn.close();
    }
  });
});
