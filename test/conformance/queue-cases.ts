import assert from 'node:assert/strict';
import { RpcError } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { sleep, until, type ConformanceCase } from './broker-under-test.js';

export const queueCases: ConformanceCase[] = [
  {
    name: 'shares one queue between several servers: calls go round robin to all of them',
    async run(t) {
      const queue = t.queue('shared');
      const handledBy: string[] = [];
      for (const id of ['a', 'b', 'c']) {
        const server = await serveCalculator(
          await t.connect(),
          {
            ...calculatorHandlers,
            async calculate(req) {
              handledBy.push(id);
              await sleep(20);
              return { result: req.n * 2n };
            },
          },
          { queue, concurrency: 1 },
        );
        t.defer(() => server.close({ timeoutMs: 500 }));
      }
      const calc = new CalculatorClient(await t.connect(), { queue, timeoutMs: 10_000 });
      t.defer(() => calc.close());
      const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => calc.calculate({ n: BigInt(i) })));
      assert.deepEqual(replies.map((r) => r.result), Array.from({ length: 12 }, (_, i) => BigInt(i) * 2n));
      for (const id of ['a', 'b', 'c']) {
        assert.ok(handledBy.includes(id), `server ${id} handled none of ${handledBy.join(',')}`);
      }
    },
  },
  {
    name: "never runs more handlers at once than the server's concurrency (prefetch)",
    async run(t) {
      const queue = t.queue('prefetch');
      let running = 0;
      let peak = 0;
      const release: (() => void)[] = [];
      const server = await serveCalculator(
        await t.connect(),
        {
          ...calculatorHandlers,
          async calculate(req) {
            peak = Math.max(peak, ++running);
            await new Promise<void>((resolve) => release.push(resolve));
            running--;
            return { result: req.n };
          },
        },
        { queue, concurrency: 2 },
      );
      t.defer(() => server.close({ timeoutMs: 500 }));
      const calc = new CalculatorClient(await t.connect(), { queue, timeoutMs: 10_000 });
      t.defer(() => calc.close());
      const calls = Array.from({ length: 5 }, (_, i) => calc.calculate({ n: BigInt(i) }));
      await until(() => running === 2, 'two handlers run');
      await sleep(200); // the other three wait in the queue, not in the server
      assert.equal(running, 2);
      while ((await Promise.race([Promise.all(calls).then(() => true), sleep(20).then(() => false)])) === false) {
        release.splice(0).forEach((r) => r());
      }
      assert.equal(peak, 2);
    },
  },
  {
    name: 'redelivers a request to another server when its server closes without answering',
    async run(t) {
      const queue = t.queue('redeliver');
      let startedOnA = false;
      const connA = await t.connect();
      await serveCalculator(connA, {
        ...calculatorHandlers,
        async calculate() {
          startedOnA = true;
          return new Promise(() => undefined); // never finishes: as if the process hung, then died
        },
      }, { queue });
      const calc = new CalculatorClient(await t.connect(), { queue, timeoutMs: 10_000 });
      t.defer(() => calc.close());
      const call = calc.calculate({ n: 21n });
      await until(() => startedOnA, 'server A runs the handler');
      await connA.close(); // A's unacked request goes back to the queue

      let seen: Readonly<Record<string, unknown>> | undefined;
      const serverB = await serveCalculator(await t.connect(), {
        ...calculatorHandlers,
        calculate(req, ctx) {
          seen = ctx.headers;
          return { result: req.n * 2n };
        },
      }, { queue });
      t.defer(() => serverB.close({ timeoutMs: 500 }));
      assert.deepEqual(await call, { result: 42n });
      // A classic queue redelivers with `redelivered`; the server counts it in a header (protocol 4.4).
      assert.equal(seen?.['x-warren-delivery-count'], 1);
    },
  },
  {
    name: 'drops a request that waited in the queue past its deadline (expiration): no handler runs it',
    async run(t) {
      const queue = t.queue('expire');
      const serverConn = await t.connect();
      const first = await serveCalculator(serverConn, calculatorHandlers, { queue });
      await first.close(); // the queue exists, nobody consumes it
      const calc = new CalculatorClient(await t.connect(), { queue });
      t.defer(() => calc.close());
      await assert.rejects(calc.calculate({ n: 1n }, { timeoutMs: 150 }), (err) => RpcError.is(err, 'DEADLINE_EXCEEDED'));
      await sleep(100);
      const handled: bigint[] = [];
      const second = await serveCalculator(serverConn, {
        ...calculatorHandlers,
        calculate(req) {
          handled.push(req.n);
          return { result: req.n * 2n };
        },
      }, { queue });
      t.defer(() => second.close({ timeoutMs: 500 }));
      assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n });
      await sleep(100);
      assert.deepEqual(handled, [2n]);
      assert.equal(second.stats.expired, 0, 'the broker dropped it; the server never saw it');
    },
  },
  {
    name: 'refuses to serve a queue declared with other arguments (PRECONDITION_FAILED)',
    async run(t) {
      const queue = t.queue('mismatch');
      const classic = await serveCalculator(await t.connect(), calculatorHandlers, { queue });
      t.defer(() => classic.close({ timeoutMs: 500 }));
      await assert.rejects(serveCalculator(await t.connect(), calculatorHandlers, { queue, queueType: 'quorum' }), (err: Error) => {
        assert.match(err.message, /PRECONDITION_FAILED - inequivalent arg 'x-queue-type'/);
        return true;
      });
      // The first server is unaffected.
      const calc = new CalculatorClient(await t.connect(), { queue });
      t.defer(() => calc.close());
      assert.deepEqual(await calc.calculate({ n: 3n }), { result: 6n });
    },
  },
];
