import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError, silentLogger } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';

// The client's connection drops while calls are in flight (memory()'s simulated loss: its
// channels close, listeners hear `down`, then `up`). docs/semantics.md: calls in flight fail
// fast with UNAVAILABLE, except idempotent ones, which are sent again once the client has a
// channel; calls made while the connection is down wait for it. The private-broker restart
// in broker-restart.test.ts shows the same on RabbitMQ, for the default reply mode only.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('connection loss with calls in flight', () => {
  for (const replyMode of ['queue', 'direct'] as const) {
    it(`${replyMode}: idempotent calls are sent again and succeed; the others fail fast with UNAVAILABLE`, async () => {
      const serverConn = memory({ logger: silentLogger });
      const clientConn = memory({ broker: serverConn.broker, logger: silentLogger });
      const queue = 'warren.loss';
      let openGate!: () => void;
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      let holding = false;
      /** Deliveries of each idempotent request, by its first operand. */
      const evaluated = new Map<number, number>();
      const server = await serveCalculator(
        serverConn,
        {
          async calculate(req) {
            if (holding) await gate;
            return { result: req.n * 2n };
          },
          async evaluate(req, ctx) {
            const key = req.operands[0]!.value;
            evaluated.set(key, (evaluated.get(key) ?? 0) + 1);
            if (holding) await gate;
            return calculatorHandlers.evaluate(req, ctx);
          },
          evaluateSteps: calculatorHandlers.evaluateSteps,
        },
        { queue, concurrency: 100 },
      );
      const calc = new CalculatorClient(clientConn, { queue, replyMode, timeoutMs: 5_000 });
      try {
        assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n }, 'the client has its channel');
        holding = true;
        const ids = Array.from({ length: 20 }, (_, i) => i + 100);
        const outcome = (p: Promise<unknown>) =>
          p.then(
            (value) => ({ value, at: Date.now() }),
            (err: unknown) => ({ code: RpcError.is(err) ? err.code : String(err), at: Date.now() }),
          );
        const plain = ids.map((i) => outcome(calc.calculate({ n: BigInt(i) })));
        const idempotent = ids.map((i) => outcome(calc.evaluate({ operation: 1, operands: [{ value: i, label: '' }, { value: 1, label: '' }] })));
        for (let i = 0; i < 200 && server.stats.inFlight < 40; i++) await sleep(5);
        assert.equal(server.stats.inFlight, 40, 'every call reached the server before the loss');

        const lostAt = Date.now();
        const loss = clientConn.simulateConnectionLoss({ downMs: 300 });
        const madeWhileDown = outcome(calc.calculate({ n: 21n }));
        await loss;
        openGate(); // the first copies are answered now: to a dead channel (direct) or the reply queue (queue)

        for (const r of await Promise.all(plain)) {
          assert.deepEqual({ code: (r as { code?: string }).code }, { code: 'UNAVAILABLE' });
          assert.ok(r.at - lostAt < 200, `failed ${r.at - lostAt} ms after the loss: fast, before the reconnect`);
        }
        const results = await Promise.all(idempotent);
        assert.deepEqual(
          results.map((r) => (r as { value?: { value: number } }).value?.value),
          ids.map((i) => i + 1),
          'every idempotent call succeeded with its own result',
        );
        for (const i of ids) assert.equal(evaluated.get(i), 2, `request ${i} was sent again after the loss`);
        const whileDown = await madeWhileDown;
        assert.deepEqual((whileDown as { value?: unknown }).value, { result: 42n }, 'a call made while down waited for the connection');
        assert.ok(whileDown.at - lostAt >= 290, 'and was answered only after the connection came back');

        assert.deepEqual(await calc.calculate({ n: 5n }), { result: 10n });
        assert.equal(calc.stats.pending, 0);
      } finally {
        openGate();
        await calc.close();
        await server.close({ timeoutMs: 500 });
        await Promise.all([clientConn.close(), serverConn.close()]);
      }
    });
  }
});
