import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallOutcome } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { calculatorFixture } from '../support/calculator-fixture.js';
import { deleteQueues, testConnection, uniqueQueue, withAmqp } from '../support/broker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('server', () => {
  it('never runs more handlers at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    const f = await calculatorFixture({
      server: { concurrency: 4 },
      handlers: {
        async calculate(req) {
          peak = Math.max(peak, ++running);
          await sleep(20);
          running--;
          return { result: req.n };
        },
      },
    });
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => f.calc.calculate({ n: BigInt(i) })));
      assert.equal(peak, 4);
    } finally {
      await f.close();
    }
  });

  it('a call that never finishes does not hold back the acks of the others (acks are batched)', async () => {
    // Prefetch 4: if the answered calls behind the stuck one stayed unacked, the window would
    // fill after three of them and the rest would never be delivered.
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const f = await calculatorFixture({
      server: { concurrency: 4 },
      handlers: {
        async calculate(req) {
          if (req.n === 0n) await stuck;
          return { result: req.n };
        },
      },
    });
    try {
      const slow = f.calc.calculate({ n: 0n }, { timeoutMs: 20_000 });
      await sleep(50);
      const fast = await Promise.all(Array.from({ length: 30 }, (_, i) => f.calc.calculate({ n: BigInt(i + 1) }, { timeoutMs: 10_000 })));
      assert.deepEqual(fast.map((r) => r.result), Array.from({ length: 30 }, (_, i) => BigInt(i + 1)));
      release();
      assert.deepEqual(await slow, { result: 0n });
    } finally {
      await f.close();
    }
  });

  it('close() stops consuming, answers the calls in flight, then closes', async () => {
    const f = await calculatorFixture({
      handlers: {
        async calculate(req) {
          await sleep(300);
          return { result: req.n * 2n };
        },
      },
    });
    try {
      const calls = [1n, 2n, 3n].map((n) => f.calc.calculate({ n }));
      await sleep(100); // all three are in the handler now
      assert.equal(f.server.stats.inFlight, 3);
      await f.server.close();
      assert.deepEqual((await Promise.all(calls)).map((r) => r.result), [2n, 4n, 6n]);
      const consumers = await withAmqp(async (ch) => (await ch.checkQueue(f.queue)).consumerCount);
      assert.equal(consumers, 0);
      // A call made now waits in the queue for the next instance, which answers it.
      const waiting = f.calc.calculate({ n: 5n });
      await sleep(100);
      const next = await serveCalculator(f.serverConn, calculatorHandlers, { queue: f.queue });
      assert.deepEqual(await waiting, { result: 10n });
      await next.close();
    } finally {
      await f.close();
    }
  });

  it('close() with a timeout aborts the handlers still running and requeues their requests', async () => {
    let aborted = 0;
    const f = await calculatorFixture({
      handlers: {
        calculate: (req, ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener('abort', () => aborted++);
            if (req.n === 0n) resolve({ result: 0n }); // never for n = 1
          }),
      },
    });
    try {
      const call = f.calc.calculate({ n: 1n }, { timeoutMs: 3_000 });
      await sleep(100);
      await f.server.close({ timeoutMs: 100 });
      assert.equal(aborted, 1);
      const next = await serveCalculator(f.serverConn, calculatorHandlers, { queue: f.queue });
      assert.deepEqual(await call, { result: 2n }, 'answered by the next instance');
      await next.close();
    } finally {
      await f.close();
    }
  });

  it('observers see every call start and end with method, duration and code, on both sides', async () => {
    const client: CallOutcome[] = [];
    const server: CallOutcome[] = [];
    const started: string[] = [];
    const f = await calculatorFixture({
      client: { observer: { onCallStart: (c) => started.push(c.method), onCallEnd: (c) => client.push(c) } },
      server: { observer: { onCallEnd: (c) => server.push(c) } },
    });
    try {
      await f.calc.calculate({ n: 1n });
      await f.calc.evaluate({ operation: 4, operands: [{ value: 1, label: '' }, { value: 0, label: 'z' }] }).catch(() => undefined);
      await sleep(50);
      assert.deepEqual(started, ['calculator.v1.Calculator.Calculate', 'calculator.v1.Calculator.Evaluate']);
      assert.deepEqual(client.map((c) => [c.method, c.code]), [
        ['calculator.v1.Calculator.Calculate', 'OK'],
        ['calculator.v1.Calculator.Evaluate', 'OUT_OF_RANGE'],
      ]);
      assert.deepEqual(server.map((c) => [c.method, c.code]), client.map((c) => [c.method, c.code]));
      assert.equal(server[0]!.correlationId, client[0]!.correlationId);
      for (const c of [...client, ...server]) assert.ok(c.durationMs >= 0 && c.durationMs < 5_000);
    } finally {
      await f.close();
    }
  });

  it('an observer that throws does not break the call', async () => {
    const f = await calculatorFixture({
      client: { observer: { onCallEnd: () => { throw new Error('metrics down'); } } },
    });
    try {
      assert.deepEqual(await f.calc.calculate({ n: 4n }), { result: 8n });
    } finally {
      await f.close();
    }
  });

  it('two servers share one queue and both answer', async () => {
    const queue = uniqueQueue('shared');
    const [a, b, c] = await Promise.all([testConnection(), testConnection(), testConnection()]);
    const seen = { a: 0, b: 0 };
    const slow = (key: 'a' | 'b') => ({
      ...calculatorHandlers,
      async calculate(req: { n: bigint }) {
        seen[key]++;
        await sleep(10);
        return { result: req.n };
      },
    });
    const s1 = await serveCalculator(a, slow('a'), { queue, concurrency: 2 });
    const s2 = await serveCalculator(b, slow('b'), { queue, concurrency: 2 });
    const calc = new CalculatorClient(c, { queue });
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => calc.calculate({ n: BigInt(i) })));
      assert.ok(seen.a > 5 && seen.b > 5, `a=${seen.a} b=${seen.b}`);
    } finally {
      await calc.close();
      await Promise.all([s1.close(), s2.close()]);
      await Promise.all([a.close(), b.close(), c.close()]);
      await deleteQueues(queue, `${queue}.dead-letter`);
    }
  });
});
