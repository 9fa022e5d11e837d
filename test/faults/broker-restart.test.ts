import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { RpcError, type Connection, type Server } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { testConnection, uniqueQueue } from '../support/broker.js';
import { PrivateBroker } from '../support/private-broker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let broker: PrivateBroker;
let serverConn: Connection;
let clientConn: Connection;
let server: Server;
let calc: CalculatorClient;
const queue = uniqueQueue('restart');
const reconnect = { initialDelayMs: 100, maxDelayMs: 500 };
// Handlers hold every call until the broker is down, so all 500 are in flight when it stops.
let openGate!: () => void;
const gate = new Promise<void>((resolve) => (openGate = resolve));

before(async () => {
  broker = await PrivateBroker.start();
  serverConn = await testConnection({ reconnect }, broker.url);
  clientConn = await testConnection({ reconnect }, broker.url);
  server = await serveCalculator(
    serverConn,
    {
      async calculate(req) {
        if (req.n !== 1n) await gate;
        return { result: req.n * 2n };
      },
      async evaluate(req, ctx) {
        await gate;
        return calculatorHandlers.evaluate(req, ctx);
      },
      evaluateSteps: calculatorHandlers.evaluateSteps,
    },
    { queue, concurrency: 256 },
  );
  // 30 s: a node restart takes 2-3 s on a quiet machine and over 10 s on a loaded one; the
  // idempotent calls must outlive it, while the others must fail within 5 s whatever it takes.
  calc = new CalculatorClient(clientConn, { queue, timeoutMs: 30_000 });
});

after(async () => {
  await calc?.close();
  await server?.close({ timeoutMs: 500 });
  await clientConn?.close();
  await serverConn?.close();
  await broker?.destroy();
});

it('a broker restart during 500 in-flight calls: every call settles by its deadline, then calls succeed again', { timeout: 120_000 }, async (t) => {
  assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n });

  type Outcome = { idempotent: boolean; code: string; settledAt: number; deadline: number };
  const outcomes: Promise<Outcome>[] = [];
  for (let i = 0; i < 500; i++) {
    const idempotent = i % 2 === 1;
    const deadline = Date.now() + 30_000;
    const call: Promise<unknown> = idempotent
      ? calc.evaluate({ operation: 1, operands: [{ value: i, label: '' }, { value: 1, label: '' }] })
      : calc.calculate({ n: BigInt(i) });
    outcomes.push(
      call.then(
        () => ({ idempotent, code: 'OK', settledAt: Date.now(), deadline }),
        (err: unknown) => ({ idempotent, code: err instanceof RpcError ? err.code : `not an RpcError: ${String(err)}`, settledAt: Date.now(), deadline }),
      ),
    );
  }
  await sleep(100);
  // Fail fast is counted from when the client lost its connection: stop_app first starts an
  // Erlang VM for rabbitmqctl, which took seconds on a loaded CI machine.
  let droppedAt = Number.NaN;
  const unwatch = clientConn.watch({ down: () => (droppedAt = Number.isNaN(droppedAt) ? Date.now() : droppedAt) });
  const stoppedAt = Date.now();
  await broker.stopApp();
  openGate();
  await sleep(1_000);
  await broker.startApp();

  const results = await Promise.all(outcomes);
  unwatch();
  const byCode = (list: Outcome[]) => list.reduce<Record<string, number>>((m, o) => ((m[o.code] = (m[o.code] ?? 0) + 1), m), {});
  const plain = results.filter((o) => !o.idempotent);
  const retried = results.filter((o) => o.idempotent);
  t.diagnostic(`non-idempotent ${JSON.stringify(byCode(plain))}, idempotent ${JSON.stringify(byCode(retried))}`);
  for (const o of results) assert.ok(o.settledAt <= o.deadline + 250, `settled ${o.settledAt - o.deadline} ms after its deadline`);
  // docs/semantics.md: every call in flight when the connection dropped fails fast with
  // UNAVAILABLE (its reply could never reach the old channel), long before its deadline...
  assert.deepEqual(byCode(plain), { UNAVAILABLE: 250 }, 'non-idempotent calls');
  assert.ok(Number.isFinite(droppedAt), 'the client saw its connection drop');
  const slowest = Math.max(...plain.map((o) => o.settledAt - droppedAt));
  assert.ok(slowest < 5_000, `the last UNAVAILABLE came ${slowest} ms after the client lost its connection (${droppedAt - stoppedAt} ms after stop_app was asked)`);
  // ...except idempotent ones, which are sent again after recovery and succeed within their deadline.
  assert.deepEqual(byCode(retried), { OK: 250 }, 'idempotent calls');

  // Recovered: new calls succeed on both methods, and nothing is left pending.
  assert.deepEqual(await calc.calculate({ n: 21n }), { result: 42n });
  const sum = await calc.evaluate({ operation: 1, operands: [{ value: 2, label: '' }, { value: 3, label: '' }] });
  assert.equal(sum.value, 5);
  assert.equal(calc.stats.pending, 0);
});
